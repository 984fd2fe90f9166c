using System.Runtime.InteropServices;

namespace Shepherd.Platform;

/// <summary>The few libc calls .NET does not expose: posix_spawn with its own session, waitpid with
/// the real status, group signals and flock on a descriptor .NET does not lock itself.</summary>
internal static unsafe partial class Libc
{
    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_APPEND = 0x400, O_CLOEXEC = 0x80000;
    public const int LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
    public const short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;
    public const int EINTR = 4, ESRCH = 3, EWOULDBLOCK = 11, ECHILD = 10;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int dup(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int flock(int fd, int operation);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint pread(int fd, byte* buffer, nint count, long offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial long lseek(int fd, long offset, int whence);

    public const int SEEK_CUR = 1, SEEK_END = 2, SEEK_DATA = 3;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unlink(string path);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fallocate(int fd, int mode, long offset, long length);

    public const int FALLOC_FL_KEEP_SIZE = 1, FALLOC_FL_PUNCH_HOLE = 2;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statvfs(string path, byte* buffer);

    /// <summary>Bytes an unprivileged user may still write on the filesystem holding <paramref name="path"/>, or null.
    /// struct statvfs on 64-bit Linux: f_frsize is the u64 at offset 8, f_bavail the u64 at offset 32.</summary>
    public static long? FreeBytes(string path)
    {
        var buffer = stackalloc byte[256];
        if (statvfs(path, buffer) != 0) return null;
        return (long)(*(ulong*)(buffer + 8) * *(ulong*)(buffer + 32));
    }

    /// <summary>fcntl with one int argument (F_SETPIPE_SZ).</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);

    public const int F_SETPIPE_SZ = 1031;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int pidfd_open(int pid, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int inotify_init1(int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int inotify_add_watch(int fd, string path, uint mask);

    public const short POLLIN = 1;
    public const int IN_NONBLOCK = 0x800, IN_CLOEXEC = 0x80000, O_NONBLOCK = 0x800;
    public const uint IN_MODIFY = 0x2, IN_ATTRIB = 0x4, IN_CLOSE_WRITE = 0x8, IN_DELETE_SELF = 0x400, IN_Q_OVERFLOW = 0x4000,
        IN_MOVED_FROM = 0x40, IN_MOVED_TO = 0x80, IN_CREATE = 0x100, IN_DELETE = 0x200, IN_IGNORED = 0x8000, IN_ONLYDIR = 0x1000000;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, int* status, int options);

    [LibraryImport("libc")]
    public static partial int getpid();

    [LibraryImport("libc")]
    public static partial uint getuid();

    [LibraryImport("libc")]
    public static partial uint geteuid();

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    /// <summary>The owner's uid of <paramref name="path"/> (symlinks followed), or null when it cannot be read.
    /// statx's layout is the same on every architecture, unlike stat's: stx_uid is the u32 at offset 20.</summary>
    public static uint? OwnerOf(string path)
    {
        const int AT_FDCWD = -100;
        const uint STATX_UID = 0x8;
        var buffer = stackalloc byte[256];
        return statx(AT_FDCWD, path, 0, STATX_UID, buffer) == 0 ? *(uint*)(buffer + 20) : null;
    }

    [LibraryImport("libc")]
    public static partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_init(void* fa);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_destroy(void* fa);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_adddup2(void* fa, int fd, int newFd);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn_file_actions_addopen(void* fa, int fd, string path, int flags, int mode);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn_file_actions_addchdir_np(void* fa, string path);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigset);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* sigset);

    [LibraryImport("libc")]
    public static partial int sigfillset(void* set);

    [LibraryImport("libc")]
    public static partial int sigemptyset(void* set);
}
