using System.CommandLine;
using Shepherd.Store;
using Shepherd.Tasks;
using Shepherd.Cli.Worktrees;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd rm</c>: the runner stops the agent and lets go of the task; then, holding its lock, this
/// command kills the task's tmux session, removes its worktree, deletes its row, then its files (see
/// <see cref="RemovedTaskFiles"/>: an rm killed in between leaves files that the next rm of the name deletes). The
/// worktree goes while the row still names it, so an rm killed while removing it leaves a task the next rm finishes.</summary>
internal static class RmCommand
{
    public static Command Create(CliContext ctx)
    {
        var name = CommonOptions.TaskName();
        var deleteBranch = new Option<bool>("--delete-branch") { Description = "With --worktree tasks: also delete the branch shepherd/<name>" };
        var force = new Option<bool>("--force") { Description = "With --worktree tasks: remove the worktree even with uncommitted changes" };
        var cmd = new Command("rm", "Remove a task: stop it, kill its tmux session, delete its files (and its worktree; the branch stays)")
        {
            name, deleteBranch, force,
        };
        cmd.SetAction(p =>
        {
            var given = p.GetValue(name)!;
            if (ctx.Store.FindTask(TaskName.Validate(given)) is not { } task) return RemoveLeftovers(ctx, given);
            var worktree = RemovableWorktree(ctx, task, p.GetValue(force));
            var intents = ctx.Intents;
            var outcome = intents.Submit(task, IntentKind.Remove, null, t => t.IsFinal, StopCommand.SlurmWake(ctx, task));
            if (outcome.Removed) { Console.WriteLine($"removed {task.Name}"); return 0; }
            if (outcome.Pending) throw new OperationFailedException($"the runner of {task.Name} has not stopped its agent yet; try again");
            List<string> notes;
            using (var held = intents.TakeLock(task, TimeSpan.FromSeconds(15)))
            {
                if (ctx.Store.GetTask(task.Id) is null) { Console.WriteLine($"removed {task.Name}"); return 0; } // by another rm
                if (held is null) throw new OperationFailedException($"the runner of {task.Name} has not let go of it; try again");
                // A runner launch under way (recovery, a resume) ends before the session is killed, never after it.
                using var launching = Supervisor.LaunchGuard.Take(ctx.Home, task.Name, TimeSpan.FromSeconds(15), ctx.Clock);
                if (task.Engine == Engines.Tmux) ctx.Tmux.KillSession(task.TmuxSession);
                else if (ctx.Store.GetTask(task.Id) is { } final) StopCommand.CancelQueuedJob(ctx, final);
                notes = worktree is null ? []
                    : ctx.Worktrees.Remove(TaskWorktrees.PathFor(ctx.Home, task.Name), worktree, p.GetValue(deleteBranch));
                ctx.Store.DeleteTask(task.Id);
            }
            RemovedTaskFiles.Clear(ctx.Home, ctx.Store, task.Name);
            Console.WriteLine($"removed {task.Name}");
            foreach (var note in notes) Console.WriteLine(note);
            return 0;
        });
        return cmd;
    }

    /// <summary>An rm killed after it deleted the task's row left its files: this one deletes them.</summary>
    private static int RemoveLeftovers(CliContext ctx, string name)
    {
        if (!RemovedTaskFiles.Clear(ctx.Home, ctx.Store, name)) throw new UsageException($"no task named '{name}'");
        Console.WriteLine($"removed the files an interrupted rm left of {name}");
        return 0;
    }

    /// <summary>The task's worktree, checked before anything is stopped: uncommitted work stops rm unless --force. A task
    /// an earlier rm began removing was checked by that rm (what a half-removed worktree shows is not work).</summary>
    private static Tasks.TaskWorktree? RemovableWorktree(CliContext ctx, Tasks.TaskRecord task, bool force)
    {
        var worktree = task.Worktree;
        var path = TaskWorktrees.PathFor(ctx.Home, task.Name);
        if (worktree is not null && !force && task.StopRequest != Tasks.StopRequest.Remove && ctx.Worktrees.HasUncommittedWork(path))
            throw new Tasks.UsageException($"{Tasks.Printable.Escape(path)} has uncommitted changes: commit them on {worktree.Branch}, " +
                                           "or rm --force to discard them");
        return worktree;
    }
}
