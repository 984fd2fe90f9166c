using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Supervisor;

/// <summary>The daemon's view of live runners: one pidfd per runner, taken only after its pid, start time and boot
/// were checked (a pid alone may be a stranger's). The kernel makes a pidfd readable once its runner has exited with all
/// its threads, i.e. once its task's lock is free.</summary>
public sealed class RunnerWatch(ShepherdHome home, TaskStore store, TimeProvider clock) : IDisposable
{
    private readonly Dictionary<long, (int Pid, long Ticks, int Fd)> _watched = [];

    /// <summary>The last runner of each task whose death was reported (pid, start time): each death is reported once,
    /// and a reported runner left a zombie (nobody reaps it) is not watched again.</summary>
    private readonly Dictionary<long, (int Pid, long Ticks)> _reported = [];

    /// <summary>False where the kernel has no pidfd: then the daemon falls back to passes on a timer.</summary>
    public bool Supported { get; private set; } = true;

    public IReadOnlyCollection<int> Fds => _watched.Values.Select(w => w.Fd).ToList();

    /// <summary>Watches every runner that is registered and alive. Returns the unfinished tasks, those among them with
    /// no live runner (starting up, or waiting to be relaunched), and the tasks whose runner died unseen by a pidfd:
    /// a watched one whose pidfd was not read yet (they died together), or one that died before it could be watched.
    /// Those need a look at once; each death is reported once, by here or by <see cref="Exited"/>.</summary>
    public (List<TaskRecord> Unwatched, List<TaskRecord> Unfinished, List<long> Gone) Refresh()
    {
        var boot = BootId.Current();
        var unwatched = new List<TaskRecord>();
        var unfinished = store.ListUnfinished();
        var recentFinal = store.ListFinishedSince(clock.GetUtcNow() - TimeSpan.FromHours(1))
            .Where(t => t.RunnerPid is not null && !File.Exists(home.DoneFile(t.Name)));
        var live = new HashSet<long>();
        var seen = new HashSet<long>();
        var gone = new List<long>();
        foreach (var task in unfinished.Concat(recentFinal))
        {
            seen.Add(task.Id);
            // A runner still exiting (its locks not yet let go) is watched too: its pidfd fires once it is all gone.
            if (task is { RunnerPid: { } pid, RunnerStartTicks: { } ticks } && task.RunnerBootId == boot
                && _reported.GetValueOrDefault(task.Id) != (pid, ticks) && ProcessInfo.StillHolds(pid, ticks))
            {
                live.Add(task.Id);
                if (_watched.TryGetValue(task.Id, out var w) && (w.Pid, w.Ticks) == (pid, ticks)) continue;
                if (_watched.Remove(task.Id, out var old)) Pidfd.Close(old.Fd);
                var fd = Pidfd.Open(pid);
                if (fd < 0) { Supported = false; unwatched.Add(task); continue; }
                if (ProcessInfo.StillHolds(pid, ticks)) { _watched[task.Id] = (pid, ticks, fd); continue; }
                Pidfd.Close(fd); // it died meanwhile
            }
            if (_watched.ContainsKey(task.Id)) continue;
            if (task.RunnerPid is { } dead && _reported.GetValueOrDefault(task.Id) != (dead, task.RunnerStartTicks ?? 0))
            {
                _reported[task.Id] = (dead, task.RunnerStartTicks ?? 0);
                gone.Add(task.Id);
            }
            else if (!task.IsFinal) unwatched.Add(task);
        }
        foreach (var (id, w) in _watched.Where(w => !live.Contains(w.Key)).ToList())
        {
            _watched.Remove(id);
            Pidfd.Close(w.Fd);
            _reported[id] = (w.Pid, w.Ticks);
            gone.Add(id);
        }
        foreach (var id in _reported.Keys.Where(id => !seen.Contains(id)).ToList()) _reported.Remove(id);
        return (unwatched, unfinished, gone);
    }

    /// <summary>The tasks whose runner's pidfd is among <paramref name="ready"/>; they are no longer watched.</summary>
    public List<long> Exited(IReadOnlyCollection<int> ready)
    {
        var exited = _watched.Where(w => ready.Contains(w.Value.Fd)).Select(w => w.Key).ToList();
        foreach (var id in exited)
            if (_watched.Remove(id, out var w))
            {
                Pidfd.Close(w.Fd);
                _reported[id] = (w.Pid, w.Ticks);
            }
        return exited;
    }

    public void Dispose()
    {
        foreach (var w in _watched.Values) Pidfd.Close(w.Fd);
        _watched.Clear();
    }
}
