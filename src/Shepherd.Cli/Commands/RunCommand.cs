using System.CommandLine;
using Shepherd.Notify;
using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Store;

namespace Shepherd.Cli.Commands;

/// <summary>The hidden <c>__run</c> command: the runner inside the task's tmux pane.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext ctx)
    {
        var home = new Option<string>("--home") { Required = true };
        var id = new Argument<long>("task-id");
        var cmd = new Command("__run", "Run a task's agent (used inside its tmux pane)") { Hidden = true };
        cmd.Options.Add(home);
        cmd.Arguments.Add(id);
        cmd.SetAction(async p =>
        {
            var shepherdHome = new ShepherdHome(p.GetValue(home)!);
            using var store = TaskStore.Open(shepherdHome, ctx.Clock);
            var config = ShepherdConfig.LoadOrDefault();
            var options = new RunnerOptions { ContinuePrompt = config.ContinuePrompt ?? new RunnerOptions().ContinuePrompt };
            using var pane = Console.OpenStandardOutput();
            var runner = new TaskRunner(shepherdHome, store, ctx.Agents, new PosixProcessLauncher(), ctx.Clock, options, pane,
                task => new Outbox(store, shepherdHome, ctx.Clock).DeliverPending(task.Id));
            return await runner.RunAsync(p.GetValue(id));
        });
        return cmd;
    }
}
