namespace Shepherd.Bench;

/// <summary>What the numbers were taken on.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        string tmux;
        try { tmux = Proc.Run(["tmux", "-V"], new Dictionary<string, string?>(), TimeSpan.FromSeconds(5)).Stdout.Trim(); }
        catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception) { tmux = "tmux not found"; }
        return $"{Environment.ProcessorCount} cores ({model}), {long.Parse(memKb) / 1024.0 / 1024:0.0} GiB RAM, Linux {kernel}, {tmux}";
    }

    /// <summary>The repository's commit (and whether it has changes), for the record.</summary>
    public static string Commit(string root)
    {
        try
        {
            var head = Proc.Run(["git", "-C", root, "rev-parse", "--short", "HEAD"], new Dictionary<string, string?>(), TimeSpan.FromSeconds(5)).Stdout.Trim();
            var dirty = Proc.Run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"], new Dictionary<string, string?>(), TimeSpan.FromSeconds(5)).Stdout.Trim();
            return dirty.Length > 0 ? $"{head} (with uncommitted changes)" : head;
        }
        catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception) { return "unknown"; }
    }
}
