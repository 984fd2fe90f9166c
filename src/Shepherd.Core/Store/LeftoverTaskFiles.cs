namespace Shepherd.Store;

/// <summary>What interrupted commands left in tasks/ and no later command of that name would come back for: the staged
/// files of a start killed before its rename, the tombstone of an rm killed while deleting, the directory of a task whose
/// row an rm had deleted. Cleared by the daemon at start-up and by <c>recover</c>; never what a task row holds.</summary>
public static class LeftoverTaskFiles
{
    /// <summary>A start writes its staged files and renames them within seconds; younger ones may be in use.</summary>
    public static readonly TimeSpan StagedAge = TimeSpan.FromHours(1);

    /// <summary>Clears them; one line per task name cleared (name, what it was).</summary>
    public static List<(string Name, string What)> Clear(ShepherdHome home, TaskStore store, DateTimeOffset now)
    {
        var cleared = new List<(string, string)>();
        if (!Directory.Exists(home.TasksDir)) return cleared;
        var owned = store.ListTasks().Select(t => t.Name).ToHashSet();
        foreach (var dir in Directory.EnumerateDirectories(home.TasksDir).ToList())
        {
            var file = Path.GetFileName(dir);
            if (StagedTaskFiles.NameOf(file) is { } staged)
            {
                if (Directory.GetLastWriteTimeUtc(dir) >= (now - StagedAge).UtcDateTime) continue;
                StagedTaskFiles.Discard(dir);
                cleared.Add((staged, "files of a start that never finished removed"));
            }
            else if (LeftByRm(file, owned) is { } name && RemovedTaskFiles.Clear(home, store, name))
                cleared.Add((name, "files of an unfinished rm removed"));
        }
        return cleared;
    }

    /// <summary>The task name an rm left files under: a tombstone's, or a task directory no row holds (a candidate only:
    /// <see cref="RemovedTaskFiles.Clear"/> checks again in the transaction that buries it).</summary>
    private static string? LeftByRm(string file, HashSet<string> owned) =>
        RemovedTaskFiles.NameOf(file) ?? (file.StartsWith('.') || owned.Contains(file) ? null : file);

    /// <summary>The task name in a hidden directory's name, <c>&lt;prefix&gt;&lt;name&gt;.&lt;guid&gt;</c> (task names hold no dot).</summary>
    internal static string? HiddenName(string prefix, string dir)
    {
        var file = Path.GetFileName(dir);
        var dot = file.LastIndexOf('.');
        return file.StartsWith(prefix, StringComparison.Ordinal) && dot > prefix.Length ? file[prefix.Length..dot] : null;
    }
}
