namespace Shepherd.Platform;

/// <summary>The one seam through which Shepherd runs short external programs (tmux, notifiers, an agent's own
/// session list, the demo's calls), always as an argument list, never a shell string.</summary>
public interface ICommandRunner
{
    /// <summary>Runs the command; one that outlives its timeout is killed (its whole tree) and reported TimedOut.</summary>
    CommandResult Run(CommandSpec spec);

    /// <summary>Runs a program on our own terminal (stdin, stdout, stderr inherited) until it exits: <c>tmux attach</c>.</summary>
    int RunOnTerminal(IReadOnlyList<string> argv);
}

/// <param name="Argv">The program and its arguments.</param>
/// <param name="Timeout">How long it may run.</param>
public sealed record CommandSpec(IReadOnlyList<string> Argv, TimeSpan Timeout)
{
    /// <summary>The complete environment of the program; null means ours, without TMUX and TMUX_PANE.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
    public string? WorkingDirectory { get; init; }
}

public sealed record CommandResult(int ExitCode, string Stdout, string Stderr, bool TimedOut = false, bool NotFound = false)
{
    public bool Ok => ExitCode == 0 && !TimedOut && !NotFound;
}

public static class CommandRunnerExtensions
{
    public static CommandResult Run(this ICommandRunner runner, IReadOnlyList<string> argv, TimeSpan timeout) =>
        runner.Run(new CommandSpec(argv, timeout));
}
