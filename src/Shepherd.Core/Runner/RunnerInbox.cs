using System.Runtime.InteropServices;
using System.Threading.Channels;
using Shepherd.Platform;

namespace Shepherd.Runner;

/// <summary>The runner's event queue. Signal handlers, pumps and reapers only post here; the runner's loop waits on
/// it (with a deadline on a monotonic clock), so a signal ends any wait at once, a backoff included.</summary>
public sealed class RunnerInbox(TimeProvider clock) : IDisposable
{
    private readonly Channel<RunnerEvent> _events = Channel.CreateUnbounded<RunnerEvent>();
    private readonly List<PosixSignalRegistration> _signals = [];

    /// <summary>The signal that is ending the runner, once one arrived.</summary>
    public int? TerminatedBy { get; private set; }

    /// <summary>Routes SIGTERM, SIGHUP, SIGINT and SIGUSR1 here. Must run before the runner's pid is published:
    /// SIGUSR1's default action would end the process.</summary>
    public void RegisterSignals()
    {
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; Post(new RunnerEvent.Terminate(Signals.SIGTERM)); }));
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => { c.Cancel = true; Post(new RunnerEvent.Terminate(Signals.SIGHUP)); }));
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; Post(new RunnerEvent.Interrupt()); }));
        _signals.Add(PosixSignalRegistration.Create((PosixSignal)Signals.SIGUSR1, c => { c.Cancel = true; Post(new RunnerEvent.Wake()); }));
    }

    public void Post(RunnerEvent e) => _events.Writer.TryWrite(e);

    /// <summary>The next event, or null when <paramref name="timeout"/> passed first (null timeout: wait for one).</summary>
    public async Task<RunnerEvent?> NextAsync(TimeSpan? timeout)
    {
        if (TryTake(out var ready)) return ready;
        if (timeout is { } t && t <= TimeSpan.Zero) return null;
        using var cts = new CancellationTokenSource();
        var read = _events.Reader.WaitToReadAsync(cts.Token).AsTask();
        if (timeout is { } limit)
        {
            var delay = Task.Delay(limit, clock, cts.Token);
            await Task.WhenAny(read, delay).ConfigureAwait(false);
        }
        else await Task.WhenAny(read).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        return TryTake(out var e) ? e : null;
    }

    private bool TryTake(out RunnerEvent e)
    {
        if (!_events.Reader.TryRead(out e!)) return false;
        if (e is RunnerEvent.Terminate t) TerminatedBy ??= t.Signal;
        return true;
    }

    public void Dispose()
    {
        foreach (var s in _signals) s.Dispose();
    }
}
