namespace Shepherd.Store;

/// <summary>A new task's files (prompt, environment) written under a hidden name in tasks/ before its row is inserted,
/// then moved to tasks/&lt;name&gt; in one rename: a start that cannot write them (a full disk) fails before anything is
/// stored, and a start that loses the name to another never touches the winner's directory.</summary>
public static class StagedTaskFiles
{
    public static string Write(ShepherdHome home, string name, ReadOnlySpan<byte> prompt, IReadOnlyDictionary<string, string> env)
    {
        home.EnsureCreated(); // refuses another user's directory before anything is written there
        var staged = Path.Combine(home.TasksDir, $".starting-{name}.{Guid.NewGuid():N}");
        try
        {
            ShepherdHome.CreatePrivateDir(staged);
            home.EnsureReserve();
            ShepherdHome.WritePrivateFile(Path.Combine(staged, Path.GetFileName(home.PromptFile(name))), prompt);
            Runner.TaskEnvironment.Save(Path.Combine(staged, Path.GetFileName(home.EnvFile(name))), env);
            return staged;
        }
        catch (Exception)
        {
            Discard(staged);
            throw;
        }
    }

    /// <summary>Deletes staged files that were not moved into place; never fails.</summary>
    public static void Discard(string staged)
    {
        try { if (Directory.Exists(staged)) Directory.Delete(staged, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
