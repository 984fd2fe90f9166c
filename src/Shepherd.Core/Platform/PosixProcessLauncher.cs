using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Shepherd.Platform;

/// <summary>Starts a child with posix_spawn in a new session (setsid), so the whole agent tree can be
/// signalled as one group, and reaps it with waitpid to learn the exact exit code or signal
/// (.NET's Process folds a signal into 128+n).</summary>
public sealed unsafe class PosixProcessLauncher : IProcessLauncher
{
    public IChildProcess Start(LaunchSpec spec)
    {
        (int Read, int Write)? stdin = spec.Stdin is null ? null : MakePipe();
        (int Read, int Write)? stdout = spec.StdoutFd is null ? MakePipe() : null;
        var stderr = MakePipe();
        // A 1 MiB pipe for the agent's output (64 KiB by default): fewer reads and wake-ups when it prints a lot. Best
        // effort: an unprivileged user may be held to /proc/sys/fs/pipe-max-size.
        if (stdout is { } o) Libc.fcntl(o.Read, Libc.F_SETPIPE_SZ, 1 << 20);
        var fa = NativeMemory.AllocZeroed(512);
        var attr = NativeMemory.AllocZeroed(1024);
        var sigs = NativeMemory.AllocZeroed(256);
        var argv = ToNativeArray([spec.Executable, .. spec.Arguments]);
        var envp = ToNativeArray(spec.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList());
        var path = ToNative(spec.Executable);
        int pid;
        try
        {
            Libc.posix_spawn_file_actions_init(fa);
            if (stdin is { } i) Libc.posix_spawn_file_actions_adddup2(fa, i.Read, 0);
            else Libc.posix_spawn_file_actions_addopen(fa, 0, "/dev/null", Libc.O_RDONLY, 0);
            Libc.posix_spawn_file_actions_adddup2(fa, stdout?.Write ?? spec.StdoutFd!.Value, 1);
            Libc.posix_spawn_file_actions_adddup2(fa, stderr.Write, 2);
            Libc.posix_spawn_file_actions_addchdir_np(fa, spec.WorkingDirectory);
            Libc.posix_spawnattr_init(attr);
            Libc.posix_spawnattr_setflags(attr,
                (short)(Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK));
            Libc.sigfillset(sigs);
            Libc.posix_spawnattr_setsigdefault(attr, sigs);
            Libc.sigemptyset(sigs);
            Libc.posix_spawnattr_setsigmask(attr, sigs);
            var rc = Libc.posix_spawn(&pid, path, fa, attr, argv, envp);
            if (rc != 0)
            {
                if (stdout is { } leftover) Libc.close(leftover.Read);
                Libc.close(stderr.Read);
                if (stdin is { } unused) Libc.close(unused.Write);
            }
            if (rc != 0)
                throw new SpawnException(rc, !Directory.Exists(spec.WorkingDirectory) // posix_spawn's ENOENT does not say which path is missing
                    ? $"cannot start {spec.Executable}: its working directory {spec.WorkingDirectory} does not exist"
                    : $"cannot start {spec.Executable}: {Marshal.GetPInvokeErrorMessage(rc)}");
        }
        finally
        {
            Libc.posix_spawn_file_actions_destroy(fa);
            Libc.posix_spawnattr_destroy(attr);
            NativeMemory.Free(fa);
            NativeMemory.Free(attr);
            NativeMemory.Free(sigs);
            FreeNativeArray(argv);
            FreeNativeArray(envp);
            NativeMemory.Free(path);
            if (stdin is { } i) Libc.close(i.Read);
            if (stdout is { } written) Libc.close(written.Write);
            Libc.close(stderr.Write);
        }
        var child = new ChildProcess(pid, ProcessInfo.StartTicks(pid) ?? 0, stdout is { } r ? ReadStream(r.Read) : Stream.Null, ReadStream(stderr.Read));
        if (stdin is { } s) _ = FeedStdinAsync(s.Write, spec.Stdin!);
        return child;
    }

    /// <summary>Starts a program in a session of its own with stdin, stdout and stderr on /dev/null, not waited for: a
    /// daemon that outlives its starter (it is re-parented when the starter exits). Returns its pid.</summary>
    public static int StartDetached(string executable, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var fa = NativeMemory.AllocZeroed(512);
        var attr = NativeMemory.AllocZeroed(1024);
        var sigs = NativeMemory.AllocZeroed(256);
        var argv = ToNativeArray([executable, .. arguments]);
        var envp = ToNativeArray(environment.Select(kv => $"{kv.Key}={kv.Value}").ToList());
        var path = ToNative(executable);
        try
        {
            Libc.posix_spawn_file_actions_init(fa);
            Libc.posix_spawn_file_actions_addopen(fa, 0, "/dev/null", Libc.O_RDONLY, 0);
            Libc.posix_spawn_file_actions_addopen(fa, 1, "/dev/null", Libc.O_RDWR, 0);
            Libc.posix_spawn_file_actions_addopen(fa, 2, "/dev/null", Libc.O_RDWR, 0);
            Libc.posix_spawn_file_actions_addchdir_np(fa, "/");
            Libc.posix_spawnattr_init(attr);
            Libc.posix_spawnattr_setflags(attr, (short)(Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK));
            Libc.sigfillset(sigs);
            Libc.posix_spawnattr_setsigdefault(attr, sigs);
            Libc.sigemptyset(sigs);
            Libc.posix_spawnattr_setsigmask(attr, sigs);
            int pid;
            var rc = Libc.posix_spawn(&pid, path, fa, attr, argv, envp);
            if (rc != 0) throw new SpawnException(rc, $"cannot start {executable}: {Marshal.GetPInvokeErrorMessage(rc)}");
            return pid;
        }
        finally
        {
            Libc.posix_spawn_file_actions_destroy(fa);
            Libc.posix_spawnattr_destroy(attr);
            NativeMemory.Free(fa);
            NativeMemory.Free(attr);
            NativeMemory.Free(sigs);
            FreeNativeArray(argv);
            FreeNativeArray(envp);
            NativeMemory.Free(path);
        }
    }

    private static Task FeedStdinAsync(int fd, byte[] data) => Task.Run(() =>
    {
        using var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, 1);
        try { stream.Write(data); }
        catch (IOException) { /* the agent exited without reading its prompt: its exit tells the story */ }
    });

    private static FileStream ReadStream(int fd) => new(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1);

    private static (int Read, int Write) MakePipe()
    {
        var fds = stackalloc int[2];
        if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0)
            throw new SpawnException(Marshal.GetLastPInvokeError(), $"pipe2 failed: {Marshal.GetLastPInvokeErrorMessage()}");
        return (fds[0], fds[1]);
    }

    private static byte* ToNative(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        var p = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
        bytes.CopyTo(new Span<byte>(p, bytes.Length));
        p[bytes.Length] = 0;
        return p;
    }

    private static byte** ToNativeArray(IReadOnlyList<string> items)
    {
        var array = (byte**)NativeMemory.AllocZeroed((nuint)(items.Count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < items.Count; i++) array[i] = ToNative(items[i]);
        return array;
    }

    private static void FreeNativeArray(byte** array)
    {
        for (var p = array; *p != null; p++) NativeMemory.Free(*p);
        NativeMemory.Free(array);
    }
}
