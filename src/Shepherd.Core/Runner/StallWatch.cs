using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>The runner watches its own agent for a stall: it knows when output last arrived, and only once output
/// has been quiet for a while does it look at the CPU of the agent's process group. No output and no CPU for
/// <see cref="RunnerOptions.StallAfter"/>: reported (status, one "stalled" notification) and, with stall_kill, ended
/// (SIGTERM, then SIGKILL: <paramref name="endAgent"/>) and then resumed by its id. It also keeps the task's last-output
/// time current for status.</summary>
internal sealed class StallWatch(RunnerContext rc, TaskRecord task, int pgid, LineSink sink, Action endAgent)
{
    private readonly TimeSpan _interval = TimeSpan.FromTicks(Math.Clamp(rc.Options.StallAfter.Ticks / 4,
        TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromSeconds(30).Ticks));
    private long _lastCheck = rc.Clock.GetTimestamp();
    private long _lastSeenData = -1;
    private (long Cpu, long At)? _cpu;
    private bool _reported;

    public TimeSpan Due => _interval - rc.Clock.GetElapsedTime(_lastCheck);

    public void Check()
    {
        if (Due > TimeSpan.Zero) return;
        _lastCheck = rc.Clock.GetTimestamp();
        var lastData = sink.LastData;
        var quiet = rc.Clock.GetElapsedTime(lastData);
        if (lastData != _lastSeenData)
        {
            _lastSeenData = lastData;
            _cpu = null;
            _reported = false;
            rc.Store.TouchOutput(task.Id, rc.Clock.GetUtcNow() - quiet);
        }
        if (quiet < rc.Options.StallAfter / 2 || _reported) return;
        var cpu = ProcStat.GroupCpuTicks(pgid);
        if (_cpu is not { } seen || seen.Cpu != cpu) { _cpu = (cpu, rc.Clock.GetTimestamp()); return; }
        if (quiet < rc.Options.StallAfter || rc.Clock.GetElapsedTime(seen.At) < rc.Options.StallAfter / 2) return;
        _reported = true;
        var since = rc.Clock.GetUtcNow() - quiet;
        if (rc.Store.MarkStalled(task.Id, since, $"no output and no CPU for {Duration.Format(quiet)}"))
        {
            rc.Output.Note($"[shepherd] stalled: no output and no CPU for {Duration.Format(quiet)}");
            _ = rc.DeliverNotifications(task.Id, CancellationToken.None);
        }
        if (rc.Options.StallKill)
        {
            rc.Output.Note("[shepherd] ending the stalled agent (stall_kill); it will be resumed by its id");
            endAgent();
        }
    }
}
