using Shepherd.Store;

namespace Shepherd.Runner;

/// <summary>Where the agent's output goes: the pane (the runner's stdout) and the task's 0600 log.</summary>
public sealed class OutputSinks : IDisposable
{
    private readonly Stream _pane;
    private readonly FileStream _log;
    private readonly Lock _gate = new();

    public OutputSinks(Stream pane, string logPath)
    {
        _pane = pane;
        _log = new FileStream(logPath, new FileStreamOptions
        {
            Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite,
            UnixCreateMode = ShepherdHome.PrivateFileMode,
        });
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            _log.Write(bytes);
            _log.Flush();
            try { _pane.Write(bytes); _pane.Flush(); }
            catch (IOException) { /* the pane is gone (tmux server killed): keep logging */ }
        }
    }

    public void WriteLine(string text) => Write(System.Text.Encoding.UTF8.GetBytes(text + "\n"));

    public void Dispose()
    {
        lock (_gate) _log.Dispose();
    }
}
