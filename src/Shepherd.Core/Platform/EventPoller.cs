using System.Runtime.InteropServices;

namespace Shepherd.Platform;

/// <summary>Waits with poll(2) on a set of descriptors — pidfds (readable when their process exits), an inotify
/// descriptor, a stop pipe — so a supervisor sleeps until the kernel has news instead of polling on a timer.</summary>
public sealed unsafe class EventPoller
{
    /// <summary>The descriptors that became readable; empty when <paramref name="timeout"/> passed first.</summary>
    public static List<int> Wait(IReadOnlyList<int> fds, TimeSpan? timeout)
    {
        var set = new Libc.PollFd[fds.Count];
        for (var i = 0; i < fds.Count; i++) set[i] = new Libc.PollFd { Fd = fds[i], Events = Libc.POLLIN };
        var ms = timeout is { } t ? (int)Math.Clamp(Math.Ceiling(t.TotalMilliseconds), 0, int.MaxValue) : -1;
        int n;
        fixed (Libc.PollFd* p = set)
        {
            n = Libc.poll(p, (nuint)set.Length, ms);
        }
        if (n < 0)
        {
            if (Marshal.GetLastPInvokeError() == Libc.EINTR) return [];
            throw new IOException($"poll failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        return set.Where(s => s.Revents != 0).Select(s => s.Fd).ToList();
    }
}

/// <summary>A pidfd: a descriptor that becomes readable the moment its process exits (Linux 5.3+). The process is
/// named by pid, so the caller checks start time and boot first: a pidfd taken on a reused pid would watch a stranger.</summary>
public static class Pidfd
{
    /// <summary>The pidfd of <paramref name="pid"/>, or -1 when the process is gone or the kernel has no pidfd.</summary>
    public static int Open(int pid)
    {
        try { return Libc.pidfd_open(pid, 0); }
        catch (EntryPointNotFoundException) { return -1; }
    }

    public static void Close(int fd)
    {
        if (fd >= 0) Libc.close(fd);
    }

    /// <summary>Waits until <paramref name="pid"/> has exited with all its threads (then its files and locks are let
    /// go). False when it is still there after <paramref name="timeout"/>, or cannot be watched.</summary>
    public static bool WaitForExit(int pid, TimeSpan timeout)
    {
        var fd = Open(pid);
        if (fd < 0) return false;
        try { return EventPoller.Wait([fd], timeout).Count > 0; }
        finally { Close(fd); }
    }
}

/// <summary>An inotify watch on one file: readable when the file is written and closed or touched (or, with
/// <see cref="Libc.IN_MODIFY"/> in the mask, at every write).</summary>
public sealed unsafe class FileWatch : IDisposable
{
    private readonly string _path;

    private FileWatch(int fd, string path) => (Fd, _path) = (fd, path);

    public int Fd { get; private set; }

    /// <summary>Null when inotify is not available (the caller falls back to a timer).</summary>
    public static FileWatch? Open(string path, uint mask = Libc.IN_CLOSE_WRITE | Libc.IN_ATTRIB)
    {
        var fd = Libc.inotify_init1(Libc.IN_NONBLOCK | Libc.IN_CLOEXEC);
        if (fd < 0) return null;
        if (Libc.inotify_add_watch(fd, path, mask) < 0)
        {
            Libc.close(fd);
            return null;
        }
        return new FileWatch(fd, path);
    }

    /// <summary>Reports <paramref name="mask"/> from now on (the file is looked up by its path again); false when it
    /// cannot (the file is gone).</summary>
    public bool Change(uint mask) => Libc.inotify_add_watch(Fd, _path, mask) >= 0;

    /// <summary>Reads every pending event; true when the kernel dropped some (the caller should look at everything).</summary>
    public bool Drain()
    {
        var buffer = stackalloc byte[4096];
        var overflow = false;
        while (true)
        {
            var n = Libc.read(Fd, buffer, 4096);
            if (n <= 0) return overflow;
            for (var off = 0; off + 16 <= n;)
            {
                var mask = *(uint*)(buffer + off + 4);
                var len = *(uint*)(buffer + off + 12);
                if ((mask & Libc.IN_Q_OVERFLOW) != 0) overflow = true;
                off += 16 + (int)len;
            }
        }
    }

    public void Dispose()
    {
        if (Fd < 0) return;
        Libc.close(Fd);
        Fd = -1;
    }
}
