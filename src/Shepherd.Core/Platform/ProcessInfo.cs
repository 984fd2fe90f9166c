using System.Text;

namespace Shepherd.Platform;

/// <summary>Facts about processes read from /proc: a pid is only evidence together with its start time.</summary>
public static class ProcessInfo
{
    /// <summary>Start time of the process in clock ticks since boot, or null when it does not exist (or is a zombie).</summary>
    public static long? StartTicks(int pid) => ProcStat.Read(pid) is { IsDead: false } p ? p.StartTicks : null;

    /// <summary>True when <paramref name="pid"/> is still the process that started at <paramref name="startTicks"/>.</summary>
    public static bool IsSame(int pid, long startTicks) => pid > 0 && StartTicks(pid) == startTicks;

    /// <summary>True while the process that started at <paramref name="startTicks"/> still has its pid, even as a
    /// zombie: a killed multi-threaded process's main thread is a zombie while its other threads still exit (and still
    /// hold its files and locks), and until its parent reaps it.</summary>
    public static bool StillHolds(int pid, long startTicks) => pid > 0 && ProcStat.Read(pid)?.StartTicks == startTicks;

    /// <summary>Sends a signal to a whole process group; false when the group no longer exists.</summary>
    public static bool SignalGroup(int pgid, int signal) => pgid > 1 && Libc.kill(-pgid, signal) == 0;

    public static bool Signal(int pid, int signal) => pid > 1 && Libc.kill(pid, signal) == 0;

    /// <summary>True while any process of the group is alive. A zombie left by a dead parent (and an init
    /// that is slow to reap it) does not count; kill(-pgid, 0) alone would say yes to it.</summary>
    public static bool GroupExists(int pgid) =>
        pgid > 1 && Libc.kill(-pgid, 0) == 0 && ProcStat.All().Any(p => p.ProcessGroup == pgid && !p.IsDead);

    /// <summary>Live processes whose environment holds exactly <paramref name="entry"/> ("NAME=value"): how an
    /// agent whose pid was never stored, or a child that left its group, is found again. Reads every
    /// /proc/*/environ we may read, so it is for rare takeovers only.</summary>
    public static List<int> WithEnvironment(string entry)
    {
        var needle = Encoding.UTF8.GetBytes(entry + "\0");
        var inside = Encoding.UTF8.GetBytes("\0" + entry + "\0");
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == CurrentPid) continue;
            byte[] environ;
            try { environ = File.ReadAllBytes(Path.Combine(dir, "environ")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            var span = environ.AsSpan();
            if ((span.StartsWith(needle) || span.IndexOf(inside) >= 0) && StartTicks(pid) is not null) found.Add(pid);
        }
        return found;
    }

    public static int CurrentPid => Environment.ProcessId;
}
