using System.CommandLine;

namespace Shepherd.Cli.Completion;

/// <summary>What a completion script needs to know about one command, read from the System.CommandLine tree so the
/// scripts never drift from the real options.</summary>
internal sealed record CommandSpec(string Name, string Description, IReadOnlyList<string> Options, bool TakesTaskName)
{
    /// <summary>Commands whose argument is an existing task (start names a new one).</summary>
    private static readonly string[] OnTasks = ["status", "logs", "attach", "wait", "resume", "stop", "rm", "export"];

    public static List<CommandSpec> From(RootCommand root) =>
        root.Subcommands.Where(c => !c.Hidden).Select(c => new CommandSpec(
            c.Name,
            (c.Description ?? "").Split(". ")[0].TrimEnd('.'),
            c.Options.Where(o => !o.Hidden && o.Name is not ("--help" or "--version"))
                .SelectMany(o => new[] { o.Name }.Concat(o.Aliases.Where(a => a.StartsWith("--")))).Distinct().ToList(),
            OnTasks.Contains(c.Name))).ToList();

    /// <summary>Option values with a fixed set of words.</summary>
    public static readonly (string Option, string Words)[] ValueWords =
    [
        ("--agent", string.Join(" ", Agents.AgentRegistry.Names)),
        ("--notify", "cmd: openclaw desktop webhook:"),
    ];
}
