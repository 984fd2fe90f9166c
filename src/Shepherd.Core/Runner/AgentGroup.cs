using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>The processes of one attempt: the agent's process group (the agent is its leader), and every process
/// that carries the attempt's marker in its environment (the agent and what it started — its tools, the check that
/// follows it — even when its pid was never stored or it left the group).</summary>
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

    /// <summary>What is left alive of an attempt (its group while it is in progress, and whatever carries its marker);
    /// null when nothing is.</summary>
    public static Leftovers? FindLeftovers(ShepherdHome home, AttemptRecord attempt)
    {
        var group = Live(attempt);
        var marked = ProcessInfo.WithEnvironment($"{MarkerVariable}={Marker(home, attempt.Id)}");
        return group is null && marked.Count == 0 ? null : new Leftovers(group, marked);
    }
}

/// <summary>A process group: the running agent (or check) and everything it started in its group.</summary>
public sealed class ProcessGroup(int pgid) : ISignalTarget
{
    public void Send(int signal) => ProcessInfo.SignalGroup(pgid, signal);
    public bool Alive => ProcessInfo.GroupExists(pgid);
}

/// <summary>What a lost attempt left: its recorded group, and the processes carrying its marker.</summary>
public sealed class Leftovers(int? group, IReadOnlyList<int> marked) : ISignalTarget
{
    public int Count => marked.Count + (group is null || marked.Contains(group.Value) ? 0 : 1);

    public void Send(int signal)
    {
        if (group is { } g) ProcessInfo.SignalGroup(g, signal);
        foreach (var pid in marked) ProcessInfo.Signal(pid, signal);
    }

    public bool Alive => (group is { } g && ProcessInfo.GroupExists(g)) || marked.Any(p => ProcStat.Read(p) is { IsDead: false });
}
