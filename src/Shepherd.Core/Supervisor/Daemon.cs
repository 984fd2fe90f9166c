using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Supervisor;

/// <summary><c>shepherd daemon</c>: waits on events, not on a timer. The kernel says when a runner dies (a pidfd per
/// live runner); the wake file (inotify) says when a runner registered or a task arrived. A full pass runs at
/// start-up and after a wake-up it cannot explain (inotify overflow); a slow pass runs only while some unfinished
/// task has no watched runner (one starting up, one waiting to be relaunched, or no pidfd on this kernel). Every
/// runner that died is recovered in one batch. Notifications left by runners are delivered on their own loop. One
/// log line per decision.</summary>
public sealed class Daemon(ShepherdHome home, TaskStore store, Recovery recovery, NotificationLoop notifications, TimeProvider clock, TextWriter log)
{
    private readonly Dictionary<string, string> _lastAction = [];

    /// <summary>How often tasks without a watched runner are looked at.</summary>
    public TimeSpan SlowPass { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>For a daemon that <c>start</c> launched: exit once no unfinished task and no undelivered notification was
    /// left for this long (a notification whose receiver is down is still the daemon's to deliver).</summary>
    public TimeSpan? ExitWhenIdle { get; init; }

    public async Task<int> RunAsync(CancellationToken stop)
    {
        using var single = await AcquireAsync(home.DaemonLock);
        if (single is null)
        {
            Write("another shepherd daemon is already running for this SHEPHERD_HOME");
            return 1;
        }
        Write($"daemon started (home {home.Root}, pid {Environment.ProcessId})");
        ShepherdHome.WritePrivateFile(home.DaemonPidFile, System.Text.Encoding.UTF8.GetBytes(
            $"{Environment.ProcessId} {ProcessInfo.StartTicks(Environment.ProcessId)} {BootId.Current()}\n"));
        home.PokeDaemon(); // the wake file must exist before it is watched
        using var stopPipe = new WakePipe();
        using var _ = stop.Register(stopPipe.Wake);
        using var wake = FileWatch.Open(home.WakeFile);
        using var runners = new RunnerWatch(home, store, clock);
        using var delivered = new WakePipe(); // a delivery pass may have left the outbox empty: time to count idleness
        notifications.Passed += delivered.Wake;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stop); // also when idle long enough
        var delivering = notifications.RunAsync(done.Token);
        await Task.Factory.StartNew(() => Loop(stopPipe, wake, delivered, runners, stop), TaskCreationOptions.LongRunning);
        await done.CancelAsync();
        await delivering;
        try { File.Delete(home.DaemonPidFile); } catch (IOException) { }
        Write("daemon stopped");
        return 0;
    }

    private void Loop(WakePipe stopPipe, FileWatch? wake, WakePipe delivered, RunnerWatch runners, CancellationToken stop)
    {
        // Watch live runners before the first pass: one that dies after the pass saw it alive is then seen by its
        // pidfd. The deaths this first look reports are the pass's to handle.
        Guard(runners.Refresh);
        Guard(() => Report(recovery.RunPass()));
        Guard(() => Report(recovery.FinishAbandoned()));
        Guard(() => Report(recovery.ClearLeftoverFiles()));
        var idleSince = clock.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            var (unwatched, unfinished, gone) = Guard(runners.Refresh) ?? ([], [], []);
            if (gone.Count > 0) Guard(() => RunnersDied(gone));
            var busy = unfinished.Count > 0 || (ExitWhenIdle is not null && (Guard(store.HasUndeliveredNotifications) ?? false));
            if (busy) idleSince = clock.GetTimestamp();
            else if (ExitWhenIdle is { } idle && clock.GetElapsedTime(idleSince) >= idle)
            {
                Write($"no unfinished task or undelivered notification for {Duration.Format(idle)}: exiting");
                return;
            }
            TimeSpan? timeout = unwatched.Count > 0 || wake is null || !runners.Supported ? SlowPass
                : ExitWhenIdle is { } limit && !busy ? limit - clock.GetElapsedTime(idleSince) : null;
            List<int> ready;
            try { ready = EventPoller.Wait([stopPipe.Fd, delivered.Fd, .. wake is null ? [] : new[] { wake.Fd }, .. runners.Fds], timeout); }
            catch (IOException e) { Write(e.Message); ready = []; }
            if (ready.Contains(stopPipe.Fd)) return;
            if (ready.Contains(delivered.Fd)) delivered.Drain();
            if (wake is not null && ready.Contains(wake.Fd) && wake.Drain())
            {
                Guard(() => Report(recovery.RunPass())); // the kernel dropped events: look at everything
                notifications.Poke();
            }
            var died = runners.Exited(ready);
            if (died.Count > 0) Guard(() => RunnersDied(died));
            // A delivery pass is no event of the tasks': it must not put off the slow pass.
            if (unwatched.Count > 0 && ready.All(fd => fd == delivered.Fd)) Guard(() => Report(recovery.Recover(unwatched)));
        }
    }

    /// <summary>Runners that exited: those whose task is not final get new runners, in one batch; a final task whose
    /// runner died before finishing up is finished.</summary>
    private void RunnersDied(IReadOnlyList<long> taskIds)
    {
        var tasks = taskIds.Select(store.GetTask).OfType<TaskRecord>().ToList();
        Report(recovery.Recover(tasks.Where(t => !t.IsFinal).ToList()));
        Report(recovery.FinishAbandoned(tasks));
        notifications.Poke();
    }

    /// <summary>A pass that fails on the store (a corrupted or locked database, a full disk) is logged; the daemon
    /// carries on and looks again, so that it is there when the store is repaired.</summary>
    private void Guard(Action work) => Guard(() => { work(); return 0; });

    private T? Guard<T>(Func<T> work) where T : struct
    {
        try { return work(); }
        catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException or UnauthorizedAccessException)
        {
            Write($"pass failed: {e.GetType().Name}: {e.Message}");
            return null;
        }
    }

    private void Report(IEnumerable<Recovery.Decision> decisions)
    {
        foreach (var d in decisions)
            if (IsNews(d)) Write($"{d.Task}: {d.Action}");
    }

    /// <summary>A decision repeated every pass (tmux still not answering) is logged once.</summary>
    private bool IsNews(Recovery.Decision d)
    {
        if (_lastAction.TryGetValue(d.Task, out var last) && last == d.Action && !d.Action.Contains("resumed")) return false;
        _lastAction[d.Task] = d.Action;
        return true;
    }

    /// <summary>Takes the one-daemon lock, allowing for a moment in which someone probes it.</summary>
    private async Task<FileLock?> AcquireAsync(string path)
    {
        for (var i = 0; i < 20; i++)
        {
            if (FileLock.TryAcquire(path) is { } l) return l;
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock);
        }
        return null;
    }

    public void Write(string line)
    {
        lock (log) // the notification loop writes to the same writer under the same lock
        {
            log.WriteLine(line);
            log.Flush();
        }
    }
}
