using Shepherd.Platform;
using Shepherd.Store;

namespace Shepherd.Runner;

/// <summary>The task's 0600 output log: every byte at full speed (unbuffered O_APPEND writes), its disk use bounded.
/// Where the filesystem punches holes (ext4, xfs, btrfs, tmpfs), the file keeps growing in length while its start is
/// freed: once twice <see cref="MaxBytes"/> lie in it, all but the last <see cref="MaxBytes"/> become a hole (readers
/// skip it). Elsewhere it is rotated at <see cref="MaxBytes"/> into <c>output.log.1</c>. While an agent writes into it
/// directly (<see cref="Shared"/>), <see cref="LogTail"/> frees it instead, and this log again once the agent is done.
/// It never throws: a failed write (disk full) is reported once through <see cref="Failed"/>, the bytes are dropped,
/// and writing is tried again after a pause.</summary>
public sealed class OutputLog(string path, TimeProvider clock, long maxBytes = OutputLog.DefaultMaxBytes, bool? holes = null) : IDisposable
{
    public const long DefaultMaxBytes = 64L * 1024 * 1024;
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(10);

    private AppendFile? _file;
    private long _failedAt = -1;
    private long _lost;
    private bool? _holes = holes;
    private long _freedTo;

    public long MaxBytes => maxBytes;

    public string Path => path;

    /// <summary>Whether the log's filesystem punches holes (tried once).</summary>
    public bool CanFreeStart => _holes ??= Holes.Supported(System.IO.Path.GetDirectoryName(path)!);

    /// <summary>Set while an agent appends to the file too: a rename would take the file away from under it.</summary>
    public bool Shared
    {
        get;
        set
        {
            field = value;
            if (value) return;
            // The agent is done with it: free what the tail left (it waits for pauses). Punching over what the tail
            // already freed is cheap.
            _freedTo = 0;
            try
            {
                _file ??= Open(path);
                _file.RefreshLength();
                Bound(0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* tried again at the next write */ }
        }
    }

    /// <summary>Called (once per failure streak) with what went wrong.</summary>
    public event Action<string>? Failed;

    public void Write(ReadOnlySpan<byte> bytes, Action<long, long>? landed = null)
    {
        if (_failedAt >= 0 && clock.GetElapsedTime(_failedAt) < RetryPause) { _lost += bytes.Length; return; }
        try
        {
            _file ??= Open(path);
            if (!Shared) Bound(bytes.Length);
            if (_failedAt >= 0) WriteNote($"[shepherd] {Sizes.Format(_lost)} of output could not be logged before this point\n", landed);
            _file.Write(bytes, landed);
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

    private void Bound(int incoming)
    {
        var file = _file!;
        if (file.Length + incoming <= maxBytes || file.Length == 0) return;
        if (!CanFreeStart)
        {
            Rotate();
            return;
        }
        if (Holes.FreeUpTo(file.Length, _freedTo, maxBytes) is not { } to) return;
        if (file.PunchHole(_freedTo, to - _freedTo)) _freedTo = to;
        else _holes = false; // refused after all: rotate from now on
    }

    private void WriteNote(string text, Action<long, long>? landed) => _file!.Write(System.Text.Encoding.UTF8.GetBytes(text), landed);

    private void Rotate()
    {
        _file!.Dispose();
        _file = null;
        File.Move(path, path + ".1", overwrite: true);
        _file = Open(path);
    }

    private static AppendFile Open(string path) => AppendFile.Open(path, ShepherdHome.PrivateFileMode);

    /// <summary>A descriptor for an agent's stdout, appending to this log (created if missing).</summary>
    public int OpenForAgent() => AppendFile.OpenDescriptor(path, ShepherdHome.PrivateFileMode);

    public void Dispose()
    {
        try { _file?.Dispose(); } catch (IOException) { }
        _file = null;
    }
}
