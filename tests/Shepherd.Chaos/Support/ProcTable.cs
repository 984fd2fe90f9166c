namespace Shepherd.Chaos.Support;

/// <summary>Finds processes through /proc, by what the harness put in their environment (a run's own marker, a task's
/// fake-agent state) or by their argv: never by a program name alone.</summary>
public static class ProcTable
{
    public static ProcEntry? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            var f = stat[(close + 2)..].Split(' ');
            var argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.None);
            if (argv.Length > 0 && argv[^1].Length == 0) argv = argv[..^1];
            return new ProcEntry(pid, int.Parse(f[1]), int.Parse(f[2]), f[0][0], long.Parse(f[19]), argv);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public static IEnumerable<int> Pids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid)) yield return pid;
    }

    /// <summary>The value of <paramref name="variable"/> in the process's environment, or null.</summary>
    public static string? EnvironmentValue(int pid, string variable) => EnvironmentValues(pid, variable)?[0];

    /// <summary>The values of <paramref name="variables"/> in the process's environment as it was started (null where
    /// unset), read in one go; null when the environment cannot be read (gone, another user's).</summary>
    public static string?[]? EnvironmentValues(int pid, params string[] variables)
    {
        byte[] raw;
        try { raw = File.ReadAllBytes($"/proc/{pid}/environ"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        var prefixes = variables.Select(v => System.Text.Encoding.UTF8.GetBytes(v + "=")).ToArray();
        var values = new string?[variables.Length];
        var span = raw.AsSpan();
        while (span.Length > 0)
        {
            var end = span.IndexOf((byte)0);
            var entry = end < 0 ? span : span[..end];
            for (var i = 0; i < prefixes.Length; i++)
                if (values[i] is null && entry.StartsWith(prefixes[i])) values[i] = System.Text.Encoding.UTF8.GetString(entry[prefixes[i].Length..]);
            if (end < 0) break;
            span = span[(end + 1)..];
        }
        return values;
    }

    /// <summary>Live processes whose environment has <paramref name="variable"/> set to a value <paramref name="match"/> accepts.</summary>
    public static List<ProcEntry> WithEnvironment(string variable, Func<string, bool> match)
    {
        var found = new List<ProcEntry>();
        foreach (var pid in Pids())
        {
            if (pid == Environment.ProcessId) continue;
            if (EnvironmentValue(pid, variable) is not { } v || !match(v)) continue;
            if (Read(pid) is { IsAlive: true } p) found.Add(p);
        }
        return found;
    }

    /// <summary>Live fake agents whose FAKE_AGENT_STATE <paramref name="state"/> accepts. The variable alone is not enough:
    /// a tmux server started by a <c>start</c> call inherits it, and so do the runners that server starts.</summary>
    public static List<ProcEntry> Agents(Func<string, bool> state) =>
        WithEnvironment("FAKE_AGENT_STATE", state).Where(p => p.Argv.Count > 0 && Path.GetFileName(p.Argv[0]) == "fake-agent").ToList();

    /// <summary>Live processes whose argv <paramref name="match"/> accepts.</summary>
    public static List<ProcEntry> WithArgv(Func<IReadOnlyList<string>, bool> match) =>
        Pids().Where(p => p != Environment.ProcessId).Select(Read).OfType<ProcEntry>().Where(p => p.IsAlive && match(p.Argv)).ToList();

    /// <summary>True while <paramref name="pid"/> is the same live process (same start time).</summary>
    public static bool IsSame(int pid, long startTicks) => Read(pid) is { IsAlive: true } p && p.StartTicks == startTicks;
}
