namespace Shepherd.Platform;

/// <summary>One inotify descriptor watching several directories: readable when a file in one of them is created,
/// written, renamed or deleted. <see cref="Drain"/> says which directory and file name, so a watcher can ignore what
/// it does not care about (and never wakes on its own reads).</summary>
public sealed unsafe class DirectoryWatch : IDisposable
{
    private const uint Mask = Libc.IN_MODIFY | Libc.IN_CLOSE_WRITE | Libc.IN_CREATE | Libc.IN_DELETE | Libc.IN_MOVED_TO |
                              Libc.IN_MOVED_FROM | Libc.IN_ATTRIB | Libc.IN_ONLYDIR;

    private readonly Dictionary<int, string> _dirs = [];

    private DirectoryWatch(int fd) => Fd = fd;

    public int Fd { get; private set; }

    /// <summary>Null when inotify is not available.</summary>
    public static DirectoryWatch? Open()
    {
        var fd = Libc.inotify_init1(Libc.IN_NONBLOCK | Libc.IN_CLOEXEC);
        return fd < 0 ? null : new DirectoryWatch(fd);
    }

    /// <summary>Watches <paramref name="dir"/> (again: inotify gives one watch per directory); false when it is not there.</summary>
    public bool Add(string dir)
    {
        var wd = Libc.inotify_add_watch(Fd, dir, Mask);
        if (wd < 0) return false;
        _dirs[wd] = dir;
        return true;
    }

    public bool Watches(string dir) => _dirs.ContainsValue(dir);

    /// <summary>One change: the directory and the file's name in it ("" for the directory itself).</summary>
    public readonly record struct Change(string Directory, string Name);

    /// <summary>Reads every pending event. <paramref name="overflow"/>: the kernel dropped some (look at everything).</summary>
    public List<Change> Drain(out bool overflow)
    {
        var changes = new List<Change>();
        overflow = false;
        var buffer = stackalloc byte[16 * 1024];
        while (true)
        {
            var n = Libc.read(Fd, buffer, 16 * 1024);
            if (n <= 0) return changes;
            for (var off = 0; off + 16 <= n;)
            {
                var wd = *(int*)(buffer + off);
                var mask = *(uint*)(buffer + off + 4);
                var len = *(uint*)(buffer + off + 12);
                var name = len == 0 ? "" : new string((sbyte*)(buffer + off + 16)); // NUL-padded
                if ((mask & Libc.IN_Q_OVERFLOW) != 0) overflow = true;
                if ((mask & Libc.IN_IGNORED) != 0) _dirs.Remove(wd, out _); // the directory is gone
                else if (_dirs.TryGetValue(wd, out var dir)) changes.Add(new Change(dir, name));
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
