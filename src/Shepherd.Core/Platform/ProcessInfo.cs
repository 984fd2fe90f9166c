namespace Shepherd.Platform;

/// <summary>Facts about processes read from /proc: a pid is only evidence together with its start time.</summary>
public static class ProcessInfo
{
    /// <summary>Start time of the process in clock ticks since boot, or null when it does not exist (or is a zombie).</summary>
    public static long? StartTicks(int pid) => ProcStat.Read(pid) is { IsDead: false } p ? p.StartTicks : null;

    /// <summary>True when <paramref name="pid"/> is still the process that started at <paramref name="startTicks"/>.</summary>
    public static bool IsSame(int pid, long startTicks) => pid > 0 && StartTicks(pid) == startTicks;

    /// <summary>Sends a signal to a whole process group; false when the group no longer exists.</summary>
    public static bool SignalGroup(int pgid, int signal) => pgid > 1 && Libc.kill(-pgid, signal) == 0;

    /// <summary>True while any process of the group is alive. A zombie left by a dead parent (and an init
    /// that is slow to reap it) does not count; kill(-pgid, 0) alone would say yes to it.</summary>
    public static bool GroupExists(int pgid) =>
        pgid > 1 && Libc.kill(-pgid, 0) == 0 && ProcStat.All().Any(p => p.ProcessGroup == pgid && !p.IsDead);

    public static int CurrentPid => Environment.ProcessId;
}
