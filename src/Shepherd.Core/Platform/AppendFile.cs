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

    public void Write(ReadOnlySpan<byte> bytes)
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
            }
        }
    }

    public void Dispose()
    {
        if (_fd < 0) return;
        Libc.close(_fd);
        _fd = -1;
    }
}
