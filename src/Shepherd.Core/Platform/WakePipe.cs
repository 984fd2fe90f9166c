namespace Shepherd.Platform;

/// <summary>A pipe whose read end goes into a poll set: <see cref="Wake"/> (safe from any thread, also a signal
/// handler's) makes it readable.</summary>
public sealed unsafe class WakePipe : IDisposable
{
    private readonly int _read, _write;

    public WakePipe()
    {
        var fds = stackalloc int[2];
        if (Libc.pipe2(fds, Libc.O_CLOEXEC | Libc.O_NONBLOCK) != 0) throw new IOException("pipe2 failed");
        (_read, _write) = (fds[0], fds[1]);
    }

    public int Fd => _read;

    public void Wake()
    {
        byte b = 1;
        Libc.write(_write, &b, 1);
    }

    public void Drain()
    {
        var buffer = stackalloc byte[64];
        while (Libc.read(_read, buffer, 64) > 0) { }
    }

    public void Dispose()
    {
        Libc.close(_read);
        Libc.close(_write);
    }
}
