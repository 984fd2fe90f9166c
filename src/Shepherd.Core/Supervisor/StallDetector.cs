using Shepherd.Store;
using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Supervisor;

/// <summary>A running agent that printed nothing, whose log did not grow and whose process group used no
/// CPU for <see cref="StallAfter"/> is stalled: reported in status, notified once, and ended only when
/// the user configured that (the runner then resumes it).</summary>
public sealed class StallDetector(ShepherdHome home, TaskStore store, TaskStopper stopper, TimeProvider clock)
{
    private readonly Dictionary<long, (long Cpu, long LogSize, DateTimeOffset Since)> _seen = [];

    public TimeSpan StallAfter { get; init; } = TimeSpan.FromMinutes(20);
    public bool KillStalled { get; init; }

    public List<string> Check()
    {
        var log = new List<string>();
        var now = clock.GetUtcNow();
        var running = store.ListUnfinished().Where(t => t.State == TaskState.Running).ToList();
        foreach (var gone in _seen.Keys.Except(running.Select(t => t.Id)).ToList()) _seen.Remove(gone);
        foreach (var task in running)
        {
            if (stopper.LiveAgentGroup(task.Id) is not { } pgid) continue;
            var cpu = ProcessGroupCpu.Ticks(pgid);
            var size = File.Exists(home.LogFile(task.Name)) ? new FileInfo(home.LogFile(task.Name)).Length : 0;
            if (!_seen.TryGetValue(task.Id, out var s) || s.Cpu != cpu || s.LogSize != size)
            {
                _seen[task.Id] = (cpu, size, now);
                continue;
            }
            if (now - s.Since < StallAfter) continue;
            if (store.MarkStalled(task.Id, s.Since, $"no output and no CPU for {Duration.Format(now - s.Since)}"))
            {
                log.Add($"{task.Name}: stalled since {s.Since:u}");
                if (KillStalled)
                {
                    ProcessInfo.SignalGroup(pgid, Signals.SIGTERM);
                    log.Add($"{task.Name}: stalled agent ended (stall_kill), the runner will resume it");
                }
            }
        }
        return log;
    }
}
