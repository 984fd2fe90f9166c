namespace Shepherd.Platform;

/// <summary>CPU time used so far by every live process of a process group, from /proc.</summary>
public static class ProcessGroupCpu
{
    public static long Ticks(int pgid) =>
        ProcStat.All().Where(p => p.ProcessGroup == pgid && !p.IsDead).Sum(p => p.UserTicks + p.SystemTicks);
}
