using Shepherd.Platform;

namespace Shepherd.Runner;

/// <summary>Ends a child's process group step by step (one signal, then the next after a grace), driven by the
/// runner's loop: <see cref="Due"/> says when the next step is, <see cref="Step"/> takes it.</summary>
internal sealed class ChildWatch(int pgid, TimeProvider clock)
{
    private readonly Queue<int> _signals = new();
    private long _nextAt = -1;
    private TimeSpan _grace;

    public bool Ending => _nextAt >= 0 || _signals.Count > 0;

    /// <summary>Sends the first signal now and queues the rest, <paramref name="grace"/> apart. A second call
    /// while ending does not start over.</summary>
    public void Begin(IReadOnlyList<int> signals, TimeSpan grace)
    {
        if (Ending) return;
        _grace = grace;
        foreach (var s in signals) _signals.Enqueue(s);
        Step();
    }

    /// <summary>Time until the next step, or null when none is queued.</summary>
    public TimeSpan? Due => _signals.Count == 0 ? null : _grace - clock.GetElapsedTime(_nextAt) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    public void Step()
    {
        if (_signals.Count == 0) return;
        ProcessInfo.SignalGroup(pgid, _signals.Dequeue());
        _nextAt = clock.GetTimestamp();
    }

    /// <summary>Passes a signal the runner received to the whole group.</summary>
    public void Forward(int signal) => ProcessInfo.SignalGroup(pgid, signal);
}
