using System.Runtime.InteropServices;

namespace Shepherd.OpenClaw;

/// <summary>Process tree lookups in /proc: the descendants of a process this test started, each with its start
/// time so that a later kill cannot hit a reused pid.</summary>
internal static partial class ProcTree
{
    [LibraryImport("libc", EntryPoint = "getuid")]
    public static partial uint Uid();

    public static List<(int Pid, long Start)> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            if (Stat(pid) is not { } st) continue;
            if (!children.TryGetValue(st.Ppid, out var list)) children[st.Ppid] = list = [];
            list.Add(pid);
        }
        var found = new List<(int, long)>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            if (!children.TryGetValue(queue.Dequeue(), out var kids)) continue;
            foreach (var kid in kids)
            {
                if (StartTime(kid) is { } start) found.Add((kid, start));
                queue.Enqueue(kid);
            }
        }
        return found;
    }

    public static long? StartTime(int pid) => Stat(pid)?.Start;

    private static (int Ppid, long Start)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // pid (comm) state ppid ... ; comm may contain spaces and parentheses, so split after the last ')'.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1]), long.Parse(fields[19]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
