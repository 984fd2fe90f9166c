using System.Runtime.InteropServices;

namespace Shepherd.Chaos.Support;

internal static partial class Native
{
    public const int SIGKILL = 9, SIGTERM = 15;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    public static bool Kill(int pid, int signal = SIGKILL) => pid > 1 && kill(pid, signal) == 0;
    public static bool KillGroup(int pgid, int signal = SIGKILL) => pgid > 1 && kill(-pgid, signal) == 0;
}
