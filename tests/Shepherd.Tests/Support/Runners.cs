namespace Shepherd.Tests.Support;

/// <summary>Finds the live runner processes (<c>shepherd __run --home H id</c>) of one sandbox via /proc.</summary>
public static class Runners
{
    public static List<int> Of(Sandbox s, int? taskId = null)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string[] argv;
            try { argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0'); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (Path.GetFileName(argv[0]) is not ("shepherd" or "dotnet")) continue; // the tmux server's own argv mentions __run too
            var run = Array.IndexOf(argv, "__run");
            if (run < 0 || run + 3 >= argv.Length || argv[run + 2] != s.Home) continue;
            if (taskId is null || argv[run + 3] == taskId.ToString()) found.Add(pid);
        }
        return found;
    }

    /// <summary>No runner of the sandbox is left, not even one still dying: a killed runner's main thread turns zombie
    /// (and its argv disappears) a few milliseconds before its last thread exits and its lock is released.</summary>
    public static bool AllGone(Sandbox s) =>
        Of(s).Count == 0 && (!Directory.Exists(Path.Combine(s.Home, "tasks")) ||
            !Directory.EnumerateFiles(Path.Combine(s.Home, "tasks"), "runner.lock", SearchOption.AllDirectories).Any(Shepherd.Platform.FileLock.IsHeld));

    /// <summary>The task's row id, from the runner command tmux shows for its pane.</summary>
    public static async Task<int> TaskId(Sandbox s, string session)
    {
        var r = await s.Tmux("list-panes", "-t", "=" + session, "-F", "#{pane_start_command}");
        var words = r.Stdout.Trim().Split(' ');
        return int.Parse(words[^1].Trim('"', '\''));
    }
}
