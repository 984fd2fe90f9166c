using System.Text;

namespace Shepherd.Runner;

/// <summary>Where the agent's output goes: the task's log (every byte) and the pane (what it can take). Writes from
/// the two streams' pumps are kept whole. Never throws.</summary>
public sealed class TaskOutput : IDisposable
{
    private readonly Lock _gate = new();
    private readonly OutputLog _log;
    private readonly PaneWriter _pane;

    public TaskOutput(Stream pane, string logPath, TimeProvider clock, long maxLogBytes = OutputLog.DefaultMaxBytes, int paneBuffer = 1024 * 1024)
    {
        _log = new OutputLog(logPath, clock, maxLogBytes);
        _pane = new PaneWriter(pane, paneBuffer);
    }

    /// <summary>Raised (on the writing thread) when the log cannot be written.</summary>
    public event Action<string>? LogFailed
    {
        add => _log.Failed += value;
        remove => _log.Failed -= value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_gate) _log.Write(bytes);
        _pane.Write(bytes);
    }

    /// <summary>One line of Shepherd's own, in the log and the pane.</summary>
    public void Note(string line) => Write(Encoding.UTF8.GetBytes(line + "\n"));

    /// <summary>Waits (briefly) until the pane has shown everything, e.g. before the last line.</summary>
    public void FlushPane() => _pane.Flush(TimeSpan.FromSeconds(5));

    public void Dispose()
    {
        _pane.Dispose();
        lock (_gate) _log.Dispose();
    }
}
