using Shepherd.Store;

namespace Shepherd.Runner;

/// <summary>Where the agent's output goes: the pane (the runner's stdout) and the task's 0600 log. The log
/// is rotated at <see cref="MaxLogBytes"/> (one previous file, <c>output.log.1</c>, is kept), so an agent
/// that prints gigabytes cannot fill the disk.</summary>
public sealed class OutputSinks : IDisposable
{
    public const long DefaultMaxLogBytes = 64L * 1024 * 1024;

    private readonly Stream _pane;
    private readonly string _logPath;
    private readonly Lock _gate = new();
    private FileStream _log;

    public OutputSinks(Stream pane, string logPath, long maxLogBytes = DefaultMaxLogBytes)
    {
        _pane = pane;
        _logPath = logPath;
        MaxLogBytes = maxLogBytes;
        _log = OpenLog(logPath);
    }

    public long MaxLogBytes { get; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (_log.Length + bytes.Length > MaxLogBytes && _log.Length > 0) Rotate();
            _log.Write(bytes);
            _log.Flush();
            try { _pane.Write(bytes); _pane.Flush(); }
            catch (IOException) { /* the pane is gone (tmux server killed): keep logging */ }
        }
    }

    public void WriteLine(string text) => Write(System.Text.Encoding.UTF8.GetBytes(text + "\n"));

    private void Rotate()
    {
        _log.Dispose();
        File.Move(_logPath, _logPath + ".1", overwrite: true);
        _log = OpenLog(_logPath);
    }

    private static FileStream OpenLog(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete,
        UnixCreateMode = ShepherdHome.PrivateFileMode,
    });

    public void Dispose()
    {
        lock (_gate) _log.Dispose();
    }
}
