using Shepherd.Platform;
using Shepherd.Store;

namespace Shepherd.Runner;

/// <summary>The task's 0600 output log: every byte at full speed (unbuffered O_APPEND writes), rotated at
/// <see cref="MaxBytes"/> into <c>output.log.1</c>. It never throws: a failed write (disk full) is reported once
/// through <see cref="Failed"/>, the bytes are dropped, and writing is tried again after a pause.</summary>
public sealed class OutputLog(string path, TimeProvider clock, long maxBytes = OutputLog.DefaultMaxBytes) : IDisposable
{
    public const long DefaultMaxBytes = 64L * 1024 * 1024;
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(10);

    private AppendFile? _file;
    private long _failedAt = -1;
    private long _lost;

    public long MaxBytes => maxBytes;

    /// <summary>Called (once per failure streak) with what went wrong.</summary>
    public event Action<string>? Failed;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_failedAt >= 0 && clock.GetElapsedTime(_failedAt) < RetryPause) { _lost += bytes.Length; return; }
        try
        {
            _file ??= Open(path);
            if (_file.Length + bytes.Length > maxBytes && _file.Length > 0) Rotate();
            if (_failedAt >= 0) WriteNote($"[shepherd] {Sizes.Format(_lost)} of output could not be logged before this point\n");
            _file.Write(bytes);
            _failedAt = -1;
            _lost = 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _lost += bytes.Length;
            var first = _failedAt < 0;
            _failedAt = clock.GetTimestamp();
            try { _file?.Dispose(); } catch (IOException) { }
            _file = null;
            if (first) Failed?.Invoke($"log write failed: {e.Message}");
        }
    }

    private void WriteNote(string text) => _file!.Write(System.Text.Encoding.UTF8.GetBytes(text));

    private void Rotate()
    {
        _file!.Dispose();
        _file = null;
        File.Move(path, path + ".1", overwrite: true);
        _file = Open(path);
    }

    private static AppendFile Open(string path) => AppendFile.Open(path, ShepherdHome.PrivateFileMode);

    public void Dispose()
    {
        try { _file?.Dispose(); } catch (IOException) { }
        _file = null;
    }
}
