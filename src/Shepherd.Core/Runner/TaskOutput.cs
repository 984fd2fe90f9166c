using System.Text;
using Shepherd.Platform;

namespace Shepherd.Runner;

/// <summary>Where the agent's output goes: the task's log (every byte) and the pane (what it can take). Writes from
/// the two streams' pumps are kept whole. The agent's stdout either comes through a pipe and <see cref="Write"/>, or
/// goes straight into the log (<see cref="BeginDirect"/>), which is followed for the pane and the parser. Never throws.</summary>
public sealed class TaskOutput : IDisposable
{
    /// <summary>Below this much free space, the agent's stdout goes through a pipe: when the disk fills, the runner
    /// drops what it cannot log, while an agent writing into the log itself would get the error.</summary>
    public const long DirectMinFreeBytes = 1L << 30;

    private readonly Lock _gate = new();
    private readonly OutputLog _log;
    private readonly PaneWriter _pane;
    private readonly Action<long, long> _landed;
    private readonly TimeProvider _clock;
    private OwnWrites? _own;

    /// <param name="logHoles">Whether the log's filesystem punches holes; null: try it (tests say no to reach rotation).</param>
    private readonly Stream? _notes;

    /// <param name="notes">Where Shepherd's own lines go besides the log (<c>shepherd run</c>: stderr, so stdout holds
    /// the agent's output alone); null: the pane.</param>
    public TaskOutput(Stream pane, string logPath, TimeProvider clock, long maxLogBytes = OutputLog.DefaultMaxBytes, int paneBuffer = 1024 * 1024,
        bool? logHoles = null, Stream? notes = null)
    {
        _notes = notes;
        _log = new OutputLog(logPath, clock, maxLogBytes, logHoles);
        _clock = clock;
        _pane = new PaneWriter(pane, clock, paneBuffer);
        _landed = (start, end) => _own?.Add(start, end);
    }

    /// <summary>Raised (on the writing thread) when the log cannot be written.</summary>
    public event Action<string>? LogFailed
    {
        add => _log.Failed += value;
        remove => _log.Failed -= value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_gate) _log.Write(bytes, _own is null ? null : _landed); // where it landed matters only to a tail
        _pane.Write(bytes);
    }

    /// <summary>One line of Shepherd's own, in the log and the pane.</summary>
    public void Note(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        if (_notes is null)
        {
            Write(bytes);
            return;
        }
        lock (_gate)
        {
            _log.Write(bytes, _own is null ? null : _landed);
            try { _notes.Write(bytes); _notes.Flush(); }
            catch (IOException) { /* nobody reads our stderr any more: the log has it */ }
        }
    }

    /// <summary>Lets the next agent write its stdout straight into the log, when the filesystem can free the log's
    /// start (holes) and has room: null otherwise (use a pipe). The caller gives <see cref="DirectOutput.AgentFd"/>
    /// to the agent, closes it once the agent has it, and ends with <see cref="DirectOutput.Finish"/>.</summary>
    public DirectOutput? BeginDirect(LineSink sink, Action<string> failed)
    {
        if (!_log.CanFreeStart || Libc.FreeBytes(Path.GetDirectoryName(_log.Path)!) is not >= DirectMinFreeBytes) return null;
        int fd;
        try { fd = _log.OpenForAgent(); }
        catch (IOException) { return null; }
        long from;
        lock (_gate)
        {
            from = Libc.lseek(fd, 0, Libc.SEEK_END);
            _own = new OwnWrites();
            _log.Shared = true;
        }
        var tail = new LogTail(_log.Path, from, _gate, _own, _pane, sink, _log.MaxBytes, failed, _clock);
        return new DirectOutput(fd, tail, EndDirect);
    }

    private void EndDirect()
    {
        lock (_gate)
        {
            _own = null;
            _log.Shared = false;
        }
    }

    /// <summary>Waits (briefly) until the pane has shown everything, e.g. before the last line.</summary>
    public void FlushPane() => _pane.Flush(TimeSpan.FromSeconds(5));

    public void Dispose()
    {
        _pane.Dispose();
        lock (_gate) _log.Dispose();
    }
}

/// <summary>An agent's stdout going straight into the log: the descriptor to give it, and the tail that follows it.</summary>
public sealed class DirectOutput : IDisposable
{
    private readonly LogTail _tail;
    private readonly Action _ended;
    private int _fd;

    internal DirectOutput(int fd, LogTail tail, Action ended) => (_fd, _tail, _ended) = (fd, tail, ended);

    public int AgentFd => _fd;

    /// <summary>The agent has its own copy (or was never started): ours is closed.</summary>
    public void CloseAgentFd()
    {
        AppendFile.Close(_fd);
        _fd = -1;
    }

    /// <summary>The agent has exited: the tail reads the rest of its output; the task completes when it has.</summary>
    public Task Finish()
    {
        _tail.Finish();
        return _tail.Completion;
    }

    public void Dispose()
    {
        CloseAgentFd();
        _tail.Dispose();
        _ended();
    }
}
