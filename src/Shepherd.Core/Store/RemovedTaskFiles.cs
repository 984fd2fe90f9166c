namespace Shepherd.Store;

/// <summary>The files of removed tasks. rm deletes the task's row, then moves its directory aside under a hidden name in
/// tasks/ (one rename: the name's directory is gone at once) and deletes it from there, which can take a while. An rm
/// killed in between leaves either tasks/&lt;name&gt; with no row, or a hidden tombstone; the next rm or start of that
/// name clears both. A directory whose name a task row holds is never moved: the move happens in a write transaction
/// that first checks that no row holds the name (a start inserts its row before it touches the directory).</summary>
public static class RemovedTaskFiles
{
    private const string Prefix = ".removed-";

    /// <summary>Moves tasks/&lt;name&gt; aside when no task holds the name, then deletes every tombstone of the name;
    /// whether there was anything to delete.</summary>
    public static bool Clear(ShepherdHome home, TaskStore store, string name)
    {
        var buried = store.WhileNoTaskNamed(name, () => Bury(home, name));
        var cleared = 0;
        if (Directory.Exists(home.TasksDir))
            foreach (var tomb in Directory.EnumerateDirectories(home.TasksDir, Prefix + "*").Where(d => NameOf(d) == name))
            {
                DeleteTree(tomb);
                cleared++;
            }
        return buried || cleared > 0;
    }

    /// <summary>Files of a task named <paramref name="name"/> are left (its directory or tombstones) though no task holds
    /// the name: what an rm killed after it deleted the row leaves.</summary>
    public static bool HasLeftovers(ShepherdHome home, TaskStore store, string name) =>
        store.FindTask(name) is null && (Directory.Exists(home.TaskDir(name))
            || (Directory.Exists(home.TasksDir) && Directory.EnumerateDirectories(home.TasksDir, Prefix + "*").Any(d => NameOf(d) == name)));

    /// <summary>Renames the task's directory to a tombstone; false when there is no directory.</summary>
    private static bool Bury(ShepherdHome home, string name)
    {
        try
        {
            Directory.Move(home.TaskDir(name), Path.Combine(home.TasksDir, $"{Prefix}{name}.{Guid.NewGuid():N}"));
            return true;
        }
        catch (DirectoryNotFoundException) { return false; }
    }

    /// <summary>The task name a tombstone was buried under (task names hold no dot); null for anything else.</summary>
    public static string? NameOf(string tomb) => LeftoverTaskFiles.HiddenName(Prefix, tomb);

    /// <summary>Deletes a tree that another rm may be deleting at the same time.</summary>
    private static void DeleteTree(string dir)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
                return;
            }
            catch (IOException) when (!Directory.Exists(dir)) { return; }
            catch (IOException) when (attempt < 5) { }
        }
    }
}
