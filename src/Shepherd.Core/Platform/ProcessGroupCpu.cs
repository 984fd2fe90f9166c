namespace Shepherd.Platform;

/// <summary>CPU time used so far by every live process of a process group, from /proc.</summary>
public static class ProcessGroupCpu
{
    public static long Ticks(int pgid)
    {
        long total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0])) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(f[2]) != pgid) continue; // field 5: pgrp
                total += long.Parse(f[11]) + long.Parse(f[12]); // fields 14, 15: utime, stime
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException) { }
        }
        return total;
    }
}
