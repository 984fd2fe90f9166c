using Shepherd.Notify;
using Shepherd.Runner;
using Shepherd.Tasks;
using Shepherd.Tmux;

namespace Shepherd.Cli.Commands;

/// <summary>A command that ended a task itself (no runner held it) still has it finished the one way: a runner started
/// in the task's pane delivers the notifications, writes the done file and shows <c>__TASK_DONE__</c>. Without tmux,
/// the command delivers and writes the done file itself.</summary>
internal static class Finishing
{
    public static void WithoutRunner(CliContext ctx, TaskRecord task)
    {
        if (!task.IsFinal) return;
        if (task.Engine != Engines.Tmux)
        {
            // No pane to finish it in: this command delivers and writes the done file (a later run only reports it).
            new Outbox(ctx.Store, ctx.Home, ctx.Clock).DeliverPending(task.Id);
            ctx.Home.WriteDone(task);
            return;
        }
        using var launching = Supervisor.LaunchGuard.Take(ctx.Home, task.Name, TimeSpan.FromSeconds(10), ctx.Clock);
        if (launching is null) return; // removed meanwhile, or another command is starting its runner
        try { ctx.Launcher.EnsureRunner(task); }
        catch (TmuxException)
        {
            new Outbox(ctx.Store, ctx.Home, ctx.Clock).DeliverPending(task.Id);
            ctx.Home.WriteDone(task);
        }
    }
}
