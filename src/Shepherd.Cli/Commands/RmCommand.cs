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
        var names = new Argument<string[]>("names") { Description = "The tasks' names", Arity = ArgumentArity.ZeroOrMore };
        var finished = new Option<bool>("--finished") { Description = "Remove every finished task (succeeded, failed, stopped) instead of named ones" };
        var olderThan = new Option<string?>("--older-than") { Description = "With --finished: only tasks that ended at least this long ago (e.g. 7d, 12h)", HelpName = "duration" };
        var deleteBranch = new Option<bool>("--delete-branch") { Description = "With --worktree tasks: also delete the branch shepherd/<name>" };
        var force = new Option<bool>("--force") { Description = "With --worktree tasks: remove the worktree even with uncommitted changes" };
        var cmd = new Command("rm", "Remove tasks: stop each, kill its tmux session, delete its files (and its worktree; the branch stays)")
        {
            names, finished, olderThan, deleteBranch, force,
        };
        cmd.SetAction(p =>
        {
            var given = p.GetValue(names) ?? [];
            var age = p.GetValue(olderThan) is { } o ? Duration.Parse(o, "--older-than") : (TimeSpan?)null;
            if (age is not null && !p.GetValue(finished)) throw new UsageException("--older-than goes with --finished");
            if (p.GetValue(finished) && given.Length > 0) throw new UsageException("give task names or --finished, not both");
            if (!p.GetValue(finished) && given.Length == 0) throw new UsageException("missing <names>: give one or more task names, or --finished [--older-than 7d]");
            if (p.GetValue(finished)) return RemoveFinished(ctx, age, p.GetValue(olderThan), p.GetValue(force), p.GetValue(deleteBranch));

            // Every name is checked before anything is removed: a typo or uncommitted work in one loses none of the others.
            var tasks = new List<(string Name, TaskRecord? Task, Tasks.TaskWorktree? Worktree)>();
            foreach (var n in given.Distinct())
            {
                var task = ctx.Store.FindTask(TaskName.Validate(n));
                if (task is null && !RemovedTaskFiles.HasLeftovers(ctx.Home, ctx.Store, n)) throw new UsageException($"no task named '{n}'");
                tasks.Add((n, task, task is null ? null : RemovableWorktree(ctx, task, p.GetValue(force))));
            }
            foreach (var (n, task, worktree) in tasks)
            {
                if (task is null) RemoveLeftovers(ctx, n);
                else Remove(ctx, task, worktree, p.GetValue(deleteBranch));
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>Every final task (that ended at least <paramref name="age"/> ago); one with uncommitted work in its
    /// worktree is kept and named (exit 1), unless --force.</summary>
    private static int RemoveFinished(CliContext ctx, TimeSpan? age, string? ageAsGiven, bool force, bool deleteBranch)
    {
        var now = ctx.Clock.GetUtcNow();
        var kept = 0;
        var done = ctx.Store.ListTasks().Where(t => t.IsFinal && (age is null || now - t.UpdatedAt >= age)).ToList();
        if (done.Count == 0) { Console.WriteLine(age is null ? "no finished tasks" : $"no tasks finished more than {ageAsGiven} ago"); return 0; }
        foreach (var task in done)
        {
            Tasks.TaskWorktree? worktree;
            try { worktree = RemovableWorktree(ctx, task, force); }
            catch (UsageException e) { Console.Error.WriteLine($"shepherd: kept {task.Name}: {e.Message}"); kept++; continue; }
            Remove(ctx, task, worktree, deleteBranch);
        }
        return kept == 0 ? 0 : 1;
    }

    private static void Remove(CliContext ctx, TaskRecord task, Tasks.TaskWorktree? worktree, bool deleteBranch)
    {
        var intents = ctx.Intents;
        var outcome = intents.Submit(task, IntentKind.Remove, null, t => t.IsFinal);
        if (outcome.Removed) { Console.WriteLine($"removed {task.Name}"); return; }
        if (outcome.Pending) throw new OperationFailedException($"the runner of {task.Name} has not stopped its agent yet; try again");
        List<string> notes;
        using (var held = intents.TakeLock(task, TimeSpan.FromSeconds(15)))
        {
            if (ctx.Store.GetTask(task.Id) is null) { Console.WriteLine($"removed {task.Name}"); return; } // by another rm
            if (held is null) throw new OperationFailedException($"the runner of {task.Name} has not let go of it; try again");
            // A runner launch under way (recovery, a resume) ends before the session is killed, never after it.
            using var launching = Supervisor.LaunchGuard.Take(ctx.Home, task.Name, TimeSpan.FromSeconds(15), ctx.Clock);
            ctx.Tmux.KillSession(task.TmuxSession);
            notes = worktree is null ? []
                : ctx.Worktrees.Remove(TaskWorktrees.PathFor(ctx.Home, task.Name), worktree, deleteBranch);
            ctx.Store.DeleteTask(task.Id);
        }
        RemovedTaskFiles.Clear(ctx.Home, ctx.Store, task.Name);
        Console.WriteLine($"removed {task.Name}");
        foreach (var note in notes) Console.WriteLine(note);
    }

    /// <summary>An rm killed after it deleted the task's row left its files: this one deletes them.</summary>
    private static void RemoveLeftovers(CliContext ctx, string name)
    {
        if (!RemovedTaskFiles.Clear(ctx.Home, ctx.Store, name)) throw new UsageException($"no task named '{name}'");
        Console.WriteLine($"removed the files an interrupted rm left of {name}");
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
