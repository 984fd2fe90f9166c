using System.Runtime.InteropServices;

namespace Shepherd.Bench;

/// <summary>Signals and /proc: CPU time, resident memory, argv and working directory of a process.</summary>
internal static partial class Posix
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc")]
    private static partial long sysconf(int name);

    [LibraryImport("libc")]
    private static partial uint getuid();

    private const int ScClkTck = 2;

    public static readonly long TicksPerSecond = sysconf(ScClkTck) is > 0 and var t ? t : 100;

    public static uint Uid => getuid();

    public static bool Signal(int pid, int sig) => pid > 1 && kill(pid, sig) == 0;

    public static bool SignalGroup(int pgid, int sig) => pgid > 1 && kill(-pgid, sig) == 0;

    public static bool Alive(int pid) => pid > 1 && kill(pid, 0) == 0 && State(pid) is not ('Z' or 'X' or null);

    /// <summary>Fields of /proc/PID/stat after the command name: [0] is the state (field 3 of the man page).</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var s = File.ReadAllText($"/proc/{pid}/stat");
            return s[(s.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    public static char? State(int pid) => StatFields(pid) is { } f ? f[0][0] : null;

    /// <summary>utime + stime in seconds (the process itself, not its children).</summary>
    public static double? CpuSeconds(int pid) =>
        StatFields(pid) is { } f ? (long.Parse(f[11]) + long.Parse(f[12])) / (double)TicksPerSecond : null;

    /// <summary>cutime + cstime in seconds: the children it has waited for (a daemon's tmux calls).</summary>
    public static double? ChildCpuSeconds(int pid) =>
        StatFields(pid) is { } f ? (long.Parse(f[13]) + long.Parse(f[14])) / (double)TicksPerSecond : null;

    /// <summary>A line of /proc/PID/status in KiB (VmRSS, VmHWM).</summary>
    public static long? StatusKb(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":"));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    public static string[] Argv(int pid) => ReadNulList($"/proc/{pid}/cmdline");

    /// <summary>The process's working directory, or null when it is gone or not ours to read.</summary>
    public static string? Cwd(int pid)
    {
        try { return new FileInfo($"/proc/{pid}/cwd").LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static string[] ReadNulList(string path)
    {
        try { return File.ReadAllText(path).Split('\0', StringSplitOptions.RemoveEmptyEntries); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    /// <summary>The paths of the files the process has open (what /proc/PID/fd links to).</summary>
    public static IEnumerable<string> OpenFiles(int pid)
    {
        string[] fds;
        try { fds = Directory.GetFiles($"/proc/{pid}/fd"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
        var targets = new List<string>();
        foreach (var fd in fds)
        {
            try { if (new FileInfo(fd).LinkTarget is { } t) targets.Add(t); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return targets;
    }

    public static IEnumerable<int> AllPids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid)) yield return pid;
    }

    /// <summary>Load averages (1, 5, 15 min) from /proc/loadavg.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
