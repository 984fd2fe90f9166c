namespace Shepherd.Platform;

/// <summary>Facts about processes read from /proc: a pid is only evidence together with its start time.</summary>
public static class ProcessInfo
{
    /// <summary>Start time of the process in clock ticks since boot, or null when it does not exist (or is a zombie).</summary>
    public static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] is "Z" or "X") return null; // a zombie is dead, whether or not its parent reaped it yet
            return long.Parse(fields[19]); // field 22 of stat; fields[0] here is field 3
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="pid"/> is still the process that started at <paramref name="startTicks"/>.</summary>
    public static bool IsSame(int pid, long startTicks) => pid > 0 && StartTicks(pid) == startTicks;

    /// <summary>Sends a signal to a whole process group; false when the group no longer exists.</summary>
    public static bool SignalGroup(int pgid, int signal) => pgid > 1 && Libc.kill(-pgid, signal) == 0;

    /// <summary>True while any process of the group exists.</summary>
    public static bool GroupExists(int pgid) => pgid > 1 && Libc.kill(-pgid, 0) == 0;

    public static int CurrentPid => Environment.ProcessId;
}
