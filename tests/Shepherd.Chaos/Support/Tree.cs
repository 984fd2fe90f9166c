namespace Shepherd.Chaos.Support;

/// <summary>Every path under a directory (not following symlinks), to tell what a command created.</summary>
public static class Tree
{
    public static HashSet<string> Snapshot(string root)
    {
        var all = new HashSet<string>();
        if (!Directory.Exists(root)) return all;
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            IEnumerable<string> entries;
            try { entries = Directory.EnumerateFileSystemEntries(dir).ToList(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (var e in entries)
            {
                all.Add(e);
                var info = new FileInfo(e);
                if (Directory.Exists(e) && info.LinkTarget is null) pending.Push(e);
            }
        }
        return all;
    }
}
