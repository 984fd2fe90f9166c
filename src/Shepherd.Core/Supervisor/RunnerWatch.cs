using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Supervisor;

/// <summary>The daemon's view of live runners: one pidfd per runner, taken only after its pid, start time and boot
/// were checked (a pid alone may be a stranger's). The kernel makes a pidfd readable the moment its runner exits.</summary>
public sealed class RunnerWatch(ShepherdHome home, TaskStore store, TimeProvider clock) : IDisposable
{
    private readonly Dictionary<long, (int Pid, int Fd)> _watched = [];

    /// <summary>False where the kernel has no pidfd: then the daemon falls back to passes on a timer.</summary>
    public bool Supported { get; private set; } = true;

    public IReadOnlyCollection<int> Fds => _watched.Values.Select(w => w.Fd).ToList();

    /// <summary>Watches every runner that is registered and alive. Returns the unfinished tasks, those among them with
    /// no live runner that was never watched (starting up, or left by an earlier daemon), and the tasks whose watched
    /// runner is gone although its pidfd has not been read yet (they died together): those need a look at once.</summary>
    public (List<TaskRecord> Unwatched, List<TaskRecord> Unfinished, List<long> Gone) Refresh()
    {
        var boot = BootId.Current();
        var unwatched = new List<TaskRecord>();
        var unfinished = store.ListUnfinished();
        var recentFinal = store.ListFinishedSince(clock.GetUtcNow() - TimeSpan.FromHours(1))
            .Where(t => t.RunnerPid is not null && !File.Exists(home.DoneFile(t.Name)));
        var live = new HashSet<long>();
        foreach (var task in unfinished.Concat(recentFinal))
        {
            if (task is { RunnerPid: { } pid, RunnerStartTicks: { } ticks } && task.RunnerBootId == boot && ProcessInfo.IsSame(pid, ticks))
            {
                live.Add(task.Id);
                if (_watched.TryGetValue(task.Id, out var w) && w.Pid == pid) continue;
                if (_watched.Remove(task.Id, out var old)) Pidfd.Close(old.Fd);
                var fd = Pidfd.Open(pid);
                if (fd < 0) { Supported = false; unwatched.Add(task); continue; }
                if (!ProcessInfo.IsSame(pid, ticks)) { Pidfd.Close(fd); unwatched.Add(task); continue; } // it died meanwhile
                _watched[task.Id] = (pid, fd);
            }
            else if (!task.IsFinal && !_watched.ContainsKey(task.Id)) unwatched.Add(task);
        }
        var gone = _watched.Keys.Where(id => !live.Contains(id)).ToList();
        foreach (var id in gone)
            if (_watched.Remove(id, out var w)) Pidfd.Close(w.Fd);
        return (unwatched, unfinished, gone);
    }

    /// <summary>The tasks whose runner's pidfd is among <paramref name="ready"/>; they are no longer watched.</summary>
    public List<long> Exited(IReadOnlyCollection<int> ready)
    {
        var exited = _watched.Where(w => ready.Contains(w.Value.Fd)).Select(w => w.Key).ToList();
        foreach (var id in exited)
            if (_watched.Remove(id, out var w)) Pidfd.Close(w.Fd);
        return exited;
    }

    public void Dispose()
    {
        foreach (var w in _watched.Values) Pidfd.Close(w.Fd);
        _watched.Clear();
    }
}
