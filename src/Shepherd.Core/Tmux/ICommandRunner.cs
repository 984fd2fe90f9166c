namespace Shepherd.Tmux;

/// <summary>Seam for running a short external command as an argument list (never a shell string).</summary>
public interface ICommandRunner
{
    /// <summary>Runs argv; a command that outlives <paramref name="timeout"/> is killed and reported with TimedOut.</summary>
    CommandResult Run(IReadOnlyList<string> argv, TimeSpan timeout);
}

public sealed record CommandResult(int ExitCode, string Stdout, string Stderr, bool TimedOut = false, bool NotFound = false)
{
    public bool Ok => ExitCode == 0 && !TimedOut && !NotFound;
}
