using Shepherd.Platform;
using Shepherd.Store;

namespace Shepherd.Web;

/// <summary>Says when the tasks may have changed, without polling: inotify on the state directory (the database's
/// write-ahead log, the daemon's wake file), on the tasks directory (a task added or removed) and on every task's
/// directory (its output log, done file, check log, handoff prompt). Every page waits on <see cref="Next"/>; a burst
/// of changes (an agent printing fast) wakes them at most every <see cref="Coalesce"/>. With nothing happening the
/// thread sleeps in poll(2).</summary>
public sealed class StoreWatch : IDisposable
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(100);
    /// <summary>Without inotify: look this often.</summary>
    private static readonly TimeSpan Fallback = TimeSpan.FromSeconds(1);
    private static readonly HashSet<string> RootFiles = ["shepherd.db", "shepherd.db-wal", "wake"];

    private readonly ShepherdHome _home;
    private readonly WakePipe _stop = new();
    private readonly DirectoryWatch? _watch = DirectoryWatch.Open();
    private readonly Thread _thread;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    public StoreWatch(ShepherdHome home)
    {
        _home = home;
        if (_watch is not null)
        {
            _watch.Add(home.Root);
            _watch.Add(home.TasksDir);
            WatchTaskDirs();
        }
        _thread = new Thread(Loop) { IsBackground = true, Name = "store-watch" };
        _thread.Start();
    }

    /// <summary>Counts the changes seen: what a page last showed is current while this has not moved.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Completes at the next change (take it before reading, so a change in between is not missed).</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    private void WatchTaskDirs()
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories(_home.TasksDir))
                if (!_watch!.Watches(dir)) _watch.Add(dir);
        }
        catch (IOException) { }
    }

    private void Loop()
    {
        while (true)
        {
            var fds = _watch is null ? new[] { _stop.Fd } : [_stop.Fd, _watch.Fd];
            List<int> ready;
            try { ready = EventPoller.Wait(fds, _watch is null ? Fallback : null); }
            catch (IOException) { ready = []; }
            if (ready.Contains(_stop.Fd)) return;
            if (_watch is null) { Pulse(); continue; }
            var changes = _watch.Drain(out var overflow);
            var relevant = overflow;
            foreach (var change in changes)
            {
                if (change.Directory == _home.Root) relevant |= RootFiles.Contains(change.Name);
                else if (change.Directory == _home.TasksDir) { relevant = true; WatchTaskDirs(); }
                else relevant |= change.Name is "output.log" or "done" or "check.log" || change.Name.StartsWith("handoff-", StringComparison.Ordinal);
            }
            if (!relevant) continue;
            Pulse();
            if (EventPoller.Wait([_stop.Fd], Coalesce).Count > 0) return;
        }
    }

    private void Pulse()
    {
        Interlocked.Increment(ref _version);
        var done = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        done.TrySetResult();
    }

    public void Dispose()
    {
        _stop.Wake();
        _thread.Join(TimeSpan.FromSeconds(2));
        _watch?.Dispose();
        _stop.Dispose();
    }
}
