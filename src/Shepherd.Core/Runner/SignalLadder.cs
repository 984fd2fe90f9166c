namespace Shepherd.Runner;

/// <summary>Processes a ladder can signal: an agent's process group, or what a lost attempt left.</summary>
public interface ISignalTarget
{
    void Send(int signal);
    /// <summary>Whether anything of the target is still alive (a zombie is done).</summary>
    bool Alive { get; }
}

/// <summary>Ends a target step by step — one signal, then the next after a grace — driven by whoever waits: the
/// runner's loop (a wait on its inbox until <see cref="Due"/>) or a command (a sleep). The one escalation Shepherd has:
/// a stop (SIGINT → SIGTERM → SIGKILL), the max runtime and a stall (SIGTERM → SIGKILL), a takeover's leftovers.</summary>
public sealed class SignalLadder(ISignalTarget target, TimeProvider clock)
{
    private readonly Queue<int> _next = new();
    private long _lastAt = -1;
    private TimeSpan _grace;

    public bool Ending => _lastAt >= 0;

    /// <summary>Sends the first signal now and queues the rest, <paramref name="grace"/> apart. A second call while
    /// ending does not start over.</summary>
    public void Begin(IReadOnlyList<int> signals, TimeSpan grace)
    {
        if (Ending) return;
        _grace = grace;
        foreach (var s in signals) _next.Enqueue(s);
        Step();
    }

    /// <summary>Time until the next signal, or null when none is queued.</summary>
    public TimeSpan? Due => _next.Count == 0 ? null : Left();

    /// <summary>Sends the next signal when it is due.</summary>
    public void Step()
    {
        if (_next.Count == 0 || (Ending && Left() > TimeSpan.Zero)) return;
        target.Send(_next.Dequeue());
        _lastAt = clock.GetTimestamp();
    }

    /// <summary>The last signal was sent a grace ago: whatever is still alive will not be ended by this ladder.</summary>
    public bool Exhausted => Ending && _next.Count == 0 && Left() == TimeSpan.Zero;

    /// <summary>Passes a signal the runner received to the target.</summary>
    public void Forward(int signal) => target.Send(signal);

    /// <summary>Climbs the whole ladder on this thread until the target is gone or the ladder is exhausted (for a
    /// command, which has no event loop); true when the target is gone.</summary>
    public bool RunToEnd(IReadOnlyList<int> signals, TimeSpan grace)
    {
        Begin(signals, grace);
        var poll = TimeSpan.FromMilliseconds(50);
        while (target.Alive && !Exhausted)
        {
            Thread.Sleep(Due is { } due && due < poll ? due : poll);
            Step();
        }
        return !target.Alive;
    }

    private TimeSpan Left() => _grace - clock.GetElapsedTime(_lastAt) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;
}
