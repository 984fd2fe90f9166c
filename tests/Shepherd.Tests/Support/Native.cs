using System.Runtime.InteropServices;

namespace Shepherd.Tests.Support;

internal static partial class Native
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    public static bool KillGroup(int pgid, int signal = 9) => pgid > 1 && kill(-pgid, signal) == 0;
    public static bool Kill(int pid, int signal = 9) => pid > 1 && kill(pid, signal) == 0;
    /// <summary>True while a process of the group is alive; zombies (dead, not yet reaped by init) do not count.</summary>
    public static bool GroupExists(int pgid) => pgid > 1 && kill(-pgid, 0) == 0 && Shepherd.Platform.ProcStat.All().Any(p => p.ProcessGroup == pgid && !p.IsDead);
    public static bool Exists(int pid) => pid > 1 && kill(pid, 0) == 0;

    public static bool IsFakeAgent(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Contains("fake-agent"); }
        catch (IOException) { return false; }
    }
}
