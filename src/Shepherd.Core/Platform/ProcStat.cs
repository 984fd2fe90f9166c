namespace Shepherd.Platform;

/// <summary>One line of <c>/proc/&lt;pid&gt;/stat</c>: the fields Shepherd reads.</summary>
public sealed record ProcStat(int Pid, char State, int ProcessGroup, long UserTicks, long SystemTicks, long StartTicks)
{
    /// <summary>Zombies (and dying tasks) hold a pid but run nothing: they count as dead.</summary>
    public bool IsDead => State is 'Z' or 'X';

    public static ProcStat? Read(int pid)
    {
        try { return Parse(pid, File.ReadAllText($"/proc/{pid}/stat")); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Every process visible in /proc.</summary>
    public static IEnumerable<ProcStat> All()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Read(pid) is { } stat) yield return stat;
    }

    /// <summary>CPU time used so far by the live processes of one group (one scan of /proc).</summary>
    public static long GroupCpuTicks(int pgid) =>
        All().Where(p => p.ProcessGroup == pgid && !p.IsDead).Sum(p => p.UserTicks + p.SystemTicks);

    private static ProcStat? Parse(int pid, string stat)
    {
        // The command name (field 2) may contain spaces and parentheses: fields are counted after the last ')'.
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (f.Length < 20) return null;
        return long.TryParse(f[11], out var utime) && long.TryParse(f[12], out var stime) &&
               int.TryParse(f[2], out var pgrp) && long.TryParse(f[19], out var start)
            ? new ProcStat(pid, f[0][0], pgrp, utime, stime, start)
            : null;
    }
}
