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
            var options = new RunnerOptions
            {
                ContinuePrompt = config.ContinuePrompt ?? new RunnerOptions().ContinuePrompt,
                StallAfter = config.StallAfter, StallKill = config.StallKill,
            };
            using var pane = Console.OpenStandardOutput();
            var runner = new TaskRunner(shepherdHome, store, new PosixProcessLauncher(), ctx.Commands, ctx.Clock, options, pane,
                (taskId, bound) => Task.Run(async () =>
                {
                    // Delivery runs beside the runner's loop: it gets a connection of its own.
                    using var own = TaskStore.Open(shepherdHome, ctx.Clock);
                    await new Outbox(own, shepherdHome, ctx.Clock).DeliverUntilDoneAsync(taskId, bound);
                }));
            return await runner.RunAsync(p.GetValue(id));
        });
        return cmd;
    }
}
