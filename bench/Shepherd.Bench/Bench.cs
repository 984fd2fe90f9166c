using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Shepherd.Bench;

internal static partial class Bench
{
    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Shepherd.slnx"))) return d.FullName;
        throw new InvalidOperationException("run from the repository");
    }

    public static List<double> Time(int runs, Action act) => Time(runs, _ => act());

    public static List<double> Time(int runs, Action<int> act)
    {
        act(-1); // warm the page cache
        var ms = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            act(i);
            ms.Add(sw.Elapsed.TotalMilliseconds);
        }
        return ms;
    }

    public static void Row(string what, List<double> ms)
    {
        ms.Sort();
        Console.WriteLine($"| {what} | {ms[ms.Count / 2]:0} ms | {ms[(int)Math.Ceiling(ms.Count * 0.95) - 1]:0} ms |");
    }

    public static long RssKb(int pid)
    {
        var line = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:"));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    [LibraryImport("libc")]
    private static partial int kill(int pid, int sig);

    public static void KillGroup(int pgid) => kill(-pgid, 9);

    public static void Kill(int pid) => kill(pid, 9);
}
