using System.Runtime.InteropServices;
using Shepherd.Platform;

namespace Shepherd.Runner;

/// <summary>Follows the log while the agent writes its stdout straight into it (no pipe, no copy: the agent runs as
/// fast as it would into a file of its own). Woken by inotify at each write, it reads what is new from the page cache,
/// leaves out the runner's own writes (<see cref="OwnWrites"/>), and gives the agent's bytes to the pane and their
/// event lines to the parser. It bounds the log's disk use: once more than twice <c>keep</c> bytes lie behind it, it
/// punches a hole over all but the last <c>keep</c> (<see cref="Holes"/>); the file's length and offsets stay, readers
/// skip the hole. Punching holds the file's lock while it frees the pages (≈ 80–130 ms per GB here), which stalls an
/// agent that is writing at that moment, so it waits until the agent pauses — unless <see cref="Ceiling"/> times
/// <c>keep</c> lie unfreed (an agent flooding its output without a pause). After the agent exits, <see cref="OutputLog"/> frees
/// the rest. Its cost is per chunk read, not per write: having caught up with a writer, it lets the writes gather for
/// <see cref="Gather"/> before reading on (<see cref="LetWritesGather"/>).</summary>
internal sealed unsafe class LogTail : IDisposable
{
    private const int ChunkBytes = 1024 * 1024;
    private const int Ceiling = 8;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);
    internal static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(10);

    private readonly string _path;
    private readonly Lock _gate;
    private readonly OwnWrites _own;
    private readonly PaneWriter _pane;
    private readonly LineSink _sink;
    private readonly LineSplitter _lines;
    private readonly long _keep;
    private readonly Action<string> _failed;
    private readonly TimeProvider _clock;
    private readonly WakePipe _wake = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _position, _punchedTo, _lastDataAt;
    private long _finishAt = -1;
    private volatile bool _stopping;

    public LogTail(string path, long from, Lock gate, OwnWrites own, PaneWriter pane, LineSink sink, long keep, Action<string> failed, TimeProvider clock)
    {
        (_path, _position, _gate, _own, _pane, _sink, _keep, _failed, _clock) = (path, from, gate, own, pane, sink, keep, failed, clock);
        _lastDataAt = clock.GetTimestamp();
        _lines = new LineSplitter(isStderr: false, sink);
        new Thread(Run) { IsBackground = true, Name = "log tail" }.Start();
    }

    /// <summary>Completes once the tail has read everything up to where <see cref="Finish"/> found the end.</summary>
    public Task Completion => _done.Task;

    /// <summary>The agent has exited: read up to the end of the file as it is now, then stop.</summary>
    public void Finish()
    {
        Interlocked.CompareExchange(ref _finishAt, long.MaxValue, -1);
        _wake.Wake();
    }

    private void Run()
    {
        var fd = -1;
        FileWatch? watch = null;
        try
        {
            fd = Libc.Open(_path, Libc.O_RDWR | Libc.O_CLOEXEC, 0);
            if (fd < 0) throw new IOException($"cannot read {_path}: {Marshal.GetLastPInvokeErrorMessage()}");
            watch = FileWatch.Open(_path, Libc.IN_MODIFY);
            Follow(fd, watch);
            _lines.Flush();
        }
        catch (Exception e)
        {
            _failed($"following the log failed: {e.Message}"); // the agent goes on; only its events are missed
        }
        finally
        {
            _done.TrySetResult(); // first: closing an inotify descriptor waits for an RCU grace period (ms), and the
            watch?.Dispose();     // runner is waiting for this tail to conclude the attempt
            if (fd >= 0) Libc.close(fd);
        }
    }

    private void Follow(int fd, FileWatch? watch)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(ChunkBytes, pinned: true);
        var own = new List<(long Start, long End)>();
        var armed = true; // the watch reports writes only while the tail waits for them: each report costs the writer
        while (!_stopping)
        {
            if (Interlocked.Read(ref _finishAt) == long.MaxValue) Interlocked.Exchange(ref _finishAt, Libc.lseek(fd, 0, Libc.SEEK_END));
            var finishAt = Interlocked.Read(ref _finishAt);
            if (finishAt >= 0 && _position >= finishAt) return;
            nint n;
            fixed (byte* p = buffer) n = Libc.pread(fd, p, buffer.Length, _position);
            if (n < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
            if (n < 0) throw new IOException($"cannot read {_path}: {Marshal.GetLastPInvokeErrorMessage()}");
            if (n == 0)
            {
                if (finishAt >= 0) return; // shorter than it was (truncated by hand): nothing more to read
                if (!armed)
                {
                    armed = true;
                    if (watch!.Change(Libc.IN_MODIFY)) watch.Drain();
                    else watch = null; // the file is gone from its path: look every 50 ms instead
                    continue; // read once more: what was written before the watch was armed reported nothing
                }
                var due = FreeDue();
                if (due == TimeSpan.Zero) FreeBehind(fd); // the agent paused: free what lies behind now
                var wait = watch is null ? TimeSpan.FromMilliseconds(50) : due == TimeSpan.Zero ? null : due;
                EventPoller.Wait(watch is null ? [_wake.Fd] : [watch.Fd, _wake.Fd], wait);
                watch?.Drain();
                _wake.Drain();
                continue;
            }
            if (armed && watch?.Change(Libc.IN_DELETE_SELF) == true) armed = false; // data flows: read on without reports
            Take(buffer.AsSpan(0, (int)n), own);
            _position += n;
            _lastDataAt = _clock.GetTimestamp();
            if (_position - _punchedTo >= Ceiling * _keep) FreeBehind(fd);
            if (n < buffer.Length && finishAt < 0) LetWritesGather();
        }
    }

    /// <summary>The tail has caught up with an agent that may still be writing: sleep a little (woken only to finish or
    /// stop) instead of waiting for its next write. An agent printing lines through stdio writes 4 KiB at a time; woken
    /// by those writes, the runner read a few of them at a time and spent 1.2–1.6 s of CPU per GB, most of it going in
    /// and out of poll. This way a flood costs one read per 1 MiB chunk, and its events reach the parser at most
    /// <see cref="Gather"/> late (the first write after a quiet spell still wakes the tail at once).</summary>
    private void LetWritesGather()
    {
        var since = _clock.GetTimestamp();
        for (var left = Gather; left > TimeSpan.Zero; left = Gather - _clock.GetElapsedTime(since))
        {
            if (EventPoller.Wait([_wake.Fd], left).Count == 0) continue;
            _wake.Drain();
            return;
        }
    }

    /// <summary>The agent's bytes in a chunk read at <see cref="_position"/>: everything but the runner's own writes.</summary>
    private void Take(ReadOnlySpan<byte> chunk, List<(long Start, long End)> own)
    {
        var end = _position + chunk.Length;
        lock (_gate) _own.Overlapping(_position, end, own);
        var at = _position;
        foreach (var (start, stop) in own)
        {
            if (start > at) Agent(chunk[(int)(at - _position)..(int)(start - _position)]);
            at = Math.Max(at, Math.Min(stop, end));
        }
        if (at < end) Agent(chunk[(int)(at - _position)..]);
    }

    private void Agent(ReadOnlySpan<byte> bytes)
    {
        _sink.Data();
        _pane.Write(bytes);
        _lines.Split(bytes);
    }

    /// <summary>Zero when there is something to free and the agent has paused; else how long until it will have paused
    /// (null: nothing to free).</summary>
    private TimeSpan? FreeDue()
    {
        if (Holes.FreeUpTo(_position, _punchedTo, _keep) is null) return null;
        var quiet = _clock.GetElapsedTime(_lastDataAt);
        return quiet >= Pause ? TimeSpan.Zero : Pause - quiet;
    }

    private void FreeBehind(int fd)
    {
        if (Holes.FreeUpTo(_position, _punchedTo, _keep) is not { } to) return;
        if (!Holes.Punch(fd, _punchedTo, to - _punchedTo))
        {
            _failed($"cannot free the start of the log: {Marshal.GetLastPInvokeErrorMessage()}");
            _punchedTo = long.MaxValue / 2; // do not try again for this agent
            return;
        }
        _punchedTo = to;
    }

    /// <summary>Stops at once, without reading further.</summary>
    public void Dispose()
    {
        _stopping = true;
        _wake.Wake();
        if (_done.Task.Wait(TimeSpan.FromSeconds(2))) _wake.Dispose(); // else the thread may still poll it: left to exit
    }
}
