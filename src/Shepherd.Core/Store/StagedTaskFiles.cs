namespace Shepherd.Store;

/// <summary>A new task's files (prompt, environment) written under a hidden name in tasks/ before its row is inserted,
/// then moved to tasks/&lt;name&gt; in one rename: a start that cannot write them (a full disk) fails before anything is
/// stored, and a start that loses the name to another never touches the winner's directory.</summary>
public static class StagedTaskFiles
{
    private const string Prefix = ".starting-";

    /// <param name="agent">A custom agent's definition, kept with the task (null for a built-in agent).</param>
    public static string Write(ShepherdHome home, string name, ReadOnlySpan<byte> prompt, IReadOnlyDictionary<string, string> env, byte[]? agent = null)
    {
        home.EnsureCreated(); // refuses another user's directory before anything is written there
        var staged = Path.Combine(home.TasksDir, $"{Prefix}{name}.{Guid.NewGuid():N}");
        try
        {
            ShepherdHome.CreatePrivateDir(staged);
            home.EnsureReserve();
            ShepherdHome.WritePrivateFile(Path.Combine(staged, Path.GetFileName(home.PromptFile(name))), prompt);
            Runner.TaskEnvironment.Save(Path.Combine(staged, Path.GetFileName(home.EnvFile(name))), env);
            if (agent is not null) ShepherdHome.WritePrivateFile(Path.Combine(staged, Path.GetFileName(home.AgentFile(name))), agent);
            return staged;
        }
        catch (Exception)
        {
            Discard(staged);
            throw;
        }
    }

    /// <summary>The task name staged files were written for (task names hold no dot); null for anything else.</summary>
    public static string? NameOf(string dir) => LeftoverTaskFiles.HiddenName(Prefix, dir);

    /// <summary>Deletes staged files that were not moved into place; never fails.</summary>
    public static void Discard(string staged)
    {
        try { if (Directory.Exists(staged)) Directory.Delete(staged, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
