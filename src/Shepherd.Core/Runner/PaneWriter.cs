using System.Text;

namespace Shepherd.Runner;

/// <summary>Feeds the tmux pane through a bounded buffer and a thread of its own, so the agent is never slowed to
/// the pane's speed (tmux tops out near 23 MB/s, using a whole core). What does not fit is dropped, and once the pane
/// has caught up one line says how much it missed; the log has everything. The pane also gets at most
/// <see cref="RatePerSecond"/> (with a burst of the buffer's size): more than a person can read, and it keeps the
/// tmux server from taking a core away from the agents when one of them floods its output.</summary>
public sealed class PaneWriter : IDisposable
{
    private readonly Stream _pane;
    private readonly byte[] _ring;
    private readonly object _gate = new(); // Monitor.Wait/Pulse need a plain object
    private readonly Thread _thread;
    private readonly TimeProvider _clock;
    private int _head, _count;
    private long _dropped;
    private bool _closing, _dead;
    private double _tokens;
    private long _refilledAt;

    public const double RatePerSecond = 2 * 1024 * 1024;

    public PaneWriter(Stream pane, TimeProvider clock, int capacity = 1024 * 1024)
    {
        _pane = pane;
        _clock = clock;
        _refilledAt = clock.GetTimestamp();
        _ring = new byte[capacity];
        _tokens = capacity;
        _thread = new Thread(Pump) { IsBackground = true, Name = "pane" };
        _thread.Start();
    }

    /// <summary>Bytes dropped since the pane last caught up.</summary>
    public long Dropped { get { lock (_gate) return _dropped; } }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (_dead) return;
            Refill();
            if (_count + bytes.Length > _ring.Length || bytes.Length > _tokens) { _dropped += bytes.Length; return; }
            _tokens -= bytes.Length;
            var tail = (_head + _count) % _ring.Length;
            var first = Math.Min(bytes.Length, _ring.Length - tail);
            bytes[..first].CopyTo(_ring.AsSpan(tail));
            bytes[first..].CopyTo(_ring);
            _count += bytes.Length;
            Monitor.Pulse(_gate);
        }
    }

    private void Refill()
    {
        var now = _clock.GetTimestamp();
        _tokens = Math.Min(_ring.Length, _tokens + _clock.GetElapsedTime(_refilledAt, now).TotalSeconds * RatePerSecond);
        _refilledAt = now;
    }

    /// <summary>Waits until everything buffered has reached the pane, for at most <paramref name="timeout"/>.</summary>
    public void Flush(TimeSpan timeout)
    {
        var until = Environment.TickCount64 + (long)timeout.TotalMilliseconds; // a real wait (Monitor.Wait): real time bounds it
        lock (_gate)
        {
            while ((_count > 0 || _dropped > 0) && !_dead)
            {
                var left = until - Environment.TickCount64;
                if (left <= 0) return;
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(Math.Min(left, 100)));
            }
        }
    }

    private void Pump()
    {
        while (true)
        {
            int start, length;
            lock (_gate)
            {
                while (_count == 0 && _dropped == 0 && !_closing) Monitor.Wait(_gate);
                if (_count == 0 && _dropped == 0) return;
                if (_count == 0)
                {
                    // Caught up after dropping: say so once, on a line of its own.
                    var note = Encoding.UTF8.GetBytes($"\r\n[shepherd] {Sizes.Format(_dropped)} not shown here; shepherd logs has everything\r\n");
                    _dropped = 0;
                    note.CopyTo(_ring, 0);
                    _head = 0;
                    _count = note.Length;
                }
                start = _head;
                length = Math.Min(_count, _ring.Length - _head);
            }
            try
            {
                _pane.Write(_ring, start, length);
                _pane.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                lock (_gate) { _dead = true; _count = 0; _dropped = 0; Monitor.PulseAll(_gate); }
                return; // the pane is gone (tmux server killed): the log still has everything
            }
            lock (_gate)
            {
                _head = (_head + length) % _ring.Length;
                _count -= length;
                Monitor.PulseAll(_gate);
            }
        }
    }

    public void Dispose()
    {
        Flush(TimeSpan.FromSeconds(2));
        lock (_gate) { _closing = true; Monitor.PulseAll(_gate); }
        _thread.Join(TimeSpan.FromSeconds(1));
    }
}
