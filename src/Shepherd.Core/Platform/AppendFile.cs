using System.Runtime.InteropServices;

namespace Shepherd.Platform;

/// <summary>A file opened with O_APPEND (.NET's FileMode.Append only seeks to the end once): every write lands at the
/// end, whoever else appends too, and nothing is buffered.</summary>
public sealed unsafe class AppendFile : IDisposable
{
    private int _fd;

    private AppendFile(int fd, long length)
    {
        _fd = fd;
        Length = length;
    }

    /// <summary>Bytes in the file when opened plus what we wrote since.</summary>
    public long Length { get; private set; }

    public static AppendFile Open(string path, UnixFileMode mode)
    {
        var fd = Libc.Open(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_APPEND | Libc.O_CLOEXEC, (int)mode);
        if (fd < 0) throw new IOException($"cannot open {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        return new AppendFile(fd, new FileInfo(path).Length);
    }

    /// <summary>Appends every byte; <paramref name="landed"/> hears where each write(2) put its bytes (start, end): with
    /// O_APPEND the descriptor's offset is the end of our write, whoever else appends to the file too.</summary>
    public void Write(ReadOnlySpan<byte> bytes, Action<long, long>? landed = null)
    {
        fixed (byte* start = bytes)
        {
            var done = 0;
            while (done < bytes.Length)
            {
                var n = Libc.write(_fd, start + done, bytes.Length - done);
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
                    throw new IOException(Marshal.GetLastPInvokeErrorMessage());
                }
                done += (int)n;
                Length += n;
                if (landed is not null && Libc.lseek(_fd, 0, Libc.SEEK_CUR) is var end and >= 0) landed(end - n, end);
            }
        }
    }

    /// <summary>Reads the file's length again: someone else appended to it too.</summary>
    public void RefreshLength()
    {
        var end = Libc.lseek(_fd, 0, Libc.SEEK_END);
        if (end >= 0) Length = end;
    }

    /// <summary>Frees [offset, offset + length) (see <see cref="Holes"/>); false when the filesystem refuses.</summary>
    public bool PunchHole(long offset, long length) => Holes.Punch(_fd, offset, length);

    /// <summary>A new O_APPEND descriptor on <paramref name="path"/> (created if missing) for a child's stdout: its
    /// own open file, so its writes never move our offset. The caller closes it once the child has it.</summary>
    public static int OpenDescriptor(string path, UnixFileMode mode)
    {
        var fd = Libc.Open(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_APPEND | Libc.O_CLOEXEC, (int)mode);
        if (fd < 0) throw new IOException($"cannot open {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        return fd;
    }

    public static void Close(int fd)
    {
        if (fd >= 0) Libc.close(fd);
    }

    public void Dispose()
    {
        if (_fd < 0) return;
        Libc.close(_fd);
        _fd = -1;
    }
}
