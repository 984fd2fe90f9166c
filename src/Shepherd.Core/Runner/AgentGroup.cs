using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>The processes of one attempt: the agent's process group (the agent is its leader), and every process
/// that carries the attempt's marker in its environment (the agent and what it started, even when its pid was never
/// stored or it left the group).</summary>
public static class AgentGroup
{
    public const string MarkerVariable = "SHEPHERD_ATTEMPT";

    /// <summary>The environment entry every process of the attempt inherits.</summary>
    public static string Marker(ShepherdHome home, long attemptId) => $"{home.Root}#{attemptId}";

    /// <summary>The group of an attempt still in progress, when its pid is still the process it started (same
    /// start time, same boot) — never a pid alone, pids are reused.</summary>
    public static int? Live(AttemptRecord? attempt)
    {
        if (attempt is not { EndedAt: null, Pid: { } pid, PidStartTicks: { } ticks }) return null;
        return attempt.BootId == BootId.Current() && ProcessInfo.IsSame(pid, ticks) ? pid : null;
    }

    /// <summary>Ends everything left of an attempt whose runner is gone: SIGTERM, then SIGKILL after
    /// <paramref name="grace"/>. Returns how many processes were found.</summary>
    public static int EndLeftovers(ShepherdHome home, AttemptRecord attempt, TimeSpan grace, TimeProvider clock)
    {
        var group = Live(attempt);
        var marked = ProcessInfo.WithEnvironment($"{MarkerVariable}={Marker(home, attempt.Id)}");
        if (group is null && marked.Count == 0) return 0;
        Signal(group, marked, Signals.SIGTERM);
        var until = clock.GetUtcNow() + grace;
        while (Alive(group, marked) && clock.GetUtcNow() < until) Thread.Sleep(50);
        if (Alive(group, marked)) Signal(group, marked, Signals.SIGKILL);
        until = clock.GetUtcNow() + grace;
        while (Alive(group, marked) && clock.GetUtcNow() < until) Thread.Sleep(50);
        return marked.Count + (group is null || marked.Contains(group.Value) ? 0 : 1);
    }

    private static void Signal(int? group, List<int> marked, int signal)
    {
        if (group is { } g) ProcessInfo.SignalGroup(g, signal);
        foreach (var pid in marked) ProcessInfo.Signal(pid, signal);
    }

    private static bool Alive(int? group, List<int> marked) =>
        (group is { } g && ProcessInfo.GroupExists(g)) || marked.Any(p => ProcStat.Read(p) is { IsDead: false }); // a zombie is done
}
