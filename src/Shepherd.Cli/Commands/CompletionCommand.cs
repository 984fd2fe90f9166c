using System.CommandLine;
using Shepherd.Cli.Completion;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd completion bash|zsh|fish</c> prints a completion script for commands, options and task
/// names; the hidden <c>__complete-names</c> prints the task names the scripts offer.</summary>
internal static class CompletionCommand
{
    public static Command Create(Func<RootCommand> root)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish" };
        var cmd = new Command("completion", "Print a shell completion script (bash, zsh or fish)") { shell };
        cmd.SetAction(p =>
        {
            var commands = CommandSpec.From(root());
            Console.Out.Write(p.GetValue(shell) switch
            {
                "bash" => BashScript.For(commands),
                "zsh" => ZshScript.For(commands),
                "fish" => FishScript.For(commands),
                var other => throw new UsageException($"no completion for {Printable.Quote(other ?? "")}: use bash, zsh or fish"),
            });
            return 0;
        });
        return cmd;
    }

    public static Command Names(CliContext ctx)
    {
        var cmd = new Command("__complete-names", "Print task names, one a line (for completion scripts)") { Hidden = true };
        cmd.SetAction(_ =>
        {
            // Completion must stay silent and must not create a state directory just by pressing Tab.
            if (!File.Exists(ctx.Home.Database)) return 0;
            try
            {
                foreach (var t in ctx.Store.ListTasks()) Console.WriteLine(t.Name);
            }
            catch (Exception e) when (e is UsageException or OperationFailedException or IOException or UnauthorizedAccessException) { }
            return 0;
        });
        return cmd;
    }
}
