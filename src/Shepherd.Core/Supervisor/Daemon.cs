using Shepherd.Notify;
using Shepherd.Platform;
using Shepherd.Store;

namespace Shepherd.Supervisor;

/// <summary><c>shepherd daemon</c>: recover continuously (a runner or tmux server that dies is noticed
/// within a poll), deliver pending notifications, and log one line per decision (runners watch their own agents for stalls).
/// Notifications run in a loop of their own (give <paramref name="outbox"/> its own <see cref="TaskStore"/>:
/// a connection is not shared between threads), so a receiver that hangs never delays a recovery.</summary>
public sealed class Daemon(ShepherdHome home, Recovery recovery, Outbox outbox, TimeProvider clock, TextWriter log)
{
    private readonly Lock _logGate = new();

    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(200);

    public async Task<int> RunAsync(CancellationToken stop)
    {
        using var single = await AcquireAsync(home.DaemonLock);
        if (single is null)
        {
            log.WriteLine("another shepherd daemon is already running for this SHEPHERD_HOME");
            return 1;
        }
        Write($"daemon started (home {home.Root}, pid {Environment.ProcessId})");
        var pass = 0;
        var notifications = Task.Run(() => Loop(stop, () => outbox.DeliverPending()));
        await Loop(stop, () =>
        {
            var lines = recovery.RunPass().Where(IsNews).Select(d => $"{d.Task}: {d.Action}").ToList();
            if (pass++ % 25 == 0) // every 5 s
                lines.AddRange(recovery.FinishAbandoned().Select(d => $"{d.Task}: {d.Action}"));
            return lines;
        });
        await notifications;
        Write("daemon stopped");
        return 0;
    }

    private readonly Dictionary<string, string> _lastAction = [];

    /// <summary>A decision repeated every pass (tmux still not answering) is logged once, not five times a second.</summary>
    private bool IsNews(Recovery.Decision d)
    {
        if (_lastAction.TryGetValue(d.Task, out var last) && last == d.Action && !d.Action.StartsWith("resumed")) return false;
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

    private async Task Loop(CancellationToken stop, Func<List<string>> pass)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                foreach (var line in pass()) Write(line);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Write($"pass failed: {e.GetType().Name}: {e.Message}");
            }
            try { await Task.Delay(Interval, clock).WaitAsync(stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    private void Write(string line)
    {
        lock (_logGate)
        {
            log.WriteLine(line);
            log.Flush();
        }
    }
}
