using System.Runtime.InteropServices;

namespace Shepherd.Chaos.Support;

internal static partial class Native
{
    public const int SIGKILL = 9, SIGTERM = 15;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc")]
    private static partial int getpgrp();

    [LibraryImport("libc")]
    public static partial uint getuid();

    public static bool Kill(int pid, int signal = SIGKILL) => pid > 1 && pid != Environment.ProcessId && kill(pid, signal) == 0;

    /// <summary>Signals a process group — never the harness's own (a command it started lives in it).</summary>
    public static bool KillGroup(int pgid, int signal = SIGKILL) => pgid > 1 && pgid != getpgrp() && kill(-pgid, signal) == 0;
}
