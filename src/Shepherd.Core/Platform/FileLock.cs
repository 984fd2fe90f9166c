using System.Runtime.InteropServices;

namespace Shepherd.Platform;

/// <summary>An exclusive flock held for as long as this object lives. The kernel drops it the
/// instant the holder dies, however it dies, which makes it the proof that a runner is alive.
/// Opened with our own open() (O_CLOEXEC) because .NET's FileStream takes flocks of its own.</summary>
public sealed class FileLock : IDisposable
{
    private int _fd;

    private FileLock(int fd) => _fd = fd;

    /// <summary>Takes the lock without waiting; null when another process holds it.</summary>
    public static FileLock? TryAcquire(string path)
    {
        var fd = Libc.Open(path, Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC, Convert.ToInt32("600", 8));
        if (fd < 0) throw new IOException($"cannot open lock {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        if (Libc.flock(fd, Libc.LOCK_EX | Libc.LOCK_NB) == 0) return new FileLock(fd);
        Libc.close(fd);
        return null;
    }

    /// <summary>Like <see cref="TryAcquire"/>, but null also when the lock's directory is gone (a task's directory that
    /// rm deleted, before or while we opened the lock).</summary>
    public static FileLock? TryAcquireUnlessGone(string path)
    {
        var dir = Path.GetDirectoryName(path)!;
        try { return Directory.Exists(dir) ? TryAcquire(path) : null; }
        catch (IOException) when (!Directory.Exists(dir)) { return null; }
    }

    /// <summary>Whether some process holds the lock now (probes by taking and releasing it).
    /// A missing lock file means nobody ever held it.</summary>
    public static bool IsHeld(string path)
    {
        if (!File.Exists(path)) return false;
        using var probe = TryAcquire(path);
        return probe is null;
    }

    public void Dispose()
    {
        if (_fd < 0) return;
        Libc.close(_fd);
        _fd = -1;
    }
}
