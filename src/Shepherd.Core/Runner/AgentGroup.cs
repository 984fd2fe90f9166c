using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>The process group an attempt started (the agent is its leader), as evidence and as a target.</summary>
public static class AgentGroup
{
    /// <summary>The group of an attempt still in progress, when its pid is still the process it started (same
    /// start time, same boot) — never a pid alone, pids are reused.</summary>
    public static int? Live(AttemptRecord? attempt)
    {
        if (attempt is not { EndedAt: null, Pid: { } pid, PidStartTicks: { } ticks }) return null;
        return attempt.BootId == BootId.Current() && ProcessInfo.IsSame(pid, ticks) ? pid : null;
    }

    /// <summary>Sends each signal in turn, giving the group up to <paramref name="step"/> to disappear before the next.</summary>
    public static void End(int pgid, IReadOnlyList<int> signals, TimeSpan step, TimeProvider clock)
    {
        foreach (var sig in signals)
        {
            if (!ProcessInfo.SignalGroup(pgid, sig)) return;
            var until = clock.GetUtcNow() + step;
            while (ProcessInfo.GroupExists(pgid) && clock.GetUtcNow() < until) Thread.Sleep(50);
            if (!ProcessInfo.GroupExists(pgid)) return;
        }
    }
}
