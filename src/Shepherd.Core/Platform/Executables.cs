namespace Shepherd.Platform;

/// <summary>Finding programs the way a shell would, but in a given environment (the task's, not ours).</summary>
public static class Executables
{
    /// <summary><paramref name="program"/> itself when it contains a '/', else the first match on the PATH of
    /// <paramref name="env"/>; null when there is no such executable file.</summary>
    public static string? Find(string program, IReadOnlyDictionary<string, string> env)
    {
        if (program.Contains('/')) return IsExecutable(program) ? Path.GetFullPath(program) : null;
        var path = env.TryGetValue("PATH", out var p) ? p : "/usr/local/bin:/usr/bin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(IsExecutable);
    }

    public static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
