using Shepherd.Agents;
using Shepherd.Runner;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary>Creates a task from a validated spec: its files under a hidden name, its row, its worktree, the files moved
/// into place, then <paramref name="launch"/> (tmux, a Slurm job, nothing). Whatever fails undoes all of it.</summary>
internal static class TaskCreation
{
    public sealed record Created(TaskRecord Task, Worktrees.TaskWorktrees.Plan? Worktree);

    public static Created Create(CliContext ctx, TaskOptions.Spec spec, IReadOnlyList<string> extraArgs, string engine, string? engineSettings,
        Action<TaskRecord> launch)
    {
        // Opens the store first: a state directory we cannot use (or another user's) is refused before anything is written.
        if (ctx.Store.FindTask(spec.Name) is not null) throw new UsageException($"a task named '{spec.Name}' already exists");
        var projectDir = spec.ProjectDir;
        var startCommit = StartCommit(ctx, projectDir); // a worktree is made from this HEAD too
        var plan = spec.Worktree ? ctx.Worktrees.Prepare(ctx.Home, projectDir, spec.Name) : null;
        if (plan is not null) projectDir = plan.ProjectDir; // every attempt and every resume runs in the worktree

        // The task's files are written before its row exists, under a hidden name: a full disk fails the start here,
        // before anything is stored (a row inserted first could not even be deleted on a full disk).
        var staged = StagedTaskFiles.Write(ctx.Home, spec.Name, spec.Prompt, spec.Env, (spec.Adapter as CustomAdapter)?.Definition.ToJson());
        TaskRecord task;
        try
        {
            task = ctx.Store.InsertTask(new TaskRecord
            {
                Name = spec.Name, Agent = spec.Adapter.Name, ProjectDir = projectDir, TmuxSession = $"{spec.Adapter.Name}-{spec.Name}",
                ExtraArgs = extraArgs, Notify = spec.Notifiers, Policy = spec.Policy, CheckCommand = spec.CheckCommand, CheckTimeout = spec.CheckTimeout,
                MaxHandoffs = spec.MaxHandoffs, StartCommit = startCommit, Engine = engine, EngineSettings = engineSettings,
                MaxTokens = spec.MaxTokens, MaxCostUsd = spec.MaxCostUsd, NotifyOn = spec.NotifyOn,
            });
        }
        catch (Exception)
        {
            StagedTaskFiles.Discard(staged);
            throw;
        }
        var worktreeMade = false;
        try
        {
            if (plan is not null)
            {
                ctx.Worktrees.Create(ctx.Home, plan);
                worktreeMade = true;
                ctx.Store.SetWorktree(task.Id, new TaskWorktree(plan.Origin, plan.Branch));
            }
            var taskDir = ctx.Home.TaskDir(spec.Name);
            if (Directory.Exists(taskDir)) Directory.Delete(taskDir, recursive: true); // left by a crashed rm: no row owns it
            RemovedTaskFiles.Clear(ctx.Home, ctx.Store, spec.Name); // what an rm killed mid-delete left of the name
            Directory.Move(staged, taskDir);
            launch(task);
        }
        catch (Exception)
        {
            if (worktreeMade) ctx.Worktrees.Remove(plan!.Path, new TaskWorktree(plan.Origin, plan.Branch), deleteBranch: true);
            StagedTaskFiles.Discard(staged);
            ctx.Store.DeleteTask(task.Id);
            try { Directory.Delete(ctx.Home.TaskDir(spec.Name), recursive: true); } catch (IOException) { }
            throw;
        }
        return new Created(ctx.Store.GetTask(task.Id)!, plan);
    }

    /// <summary>The commit HEAD is at in a git project (a handoff prompt says what changed since); null otherwise.</summary>
    private static string? StartCommit(CliContext ctx, string projectDir)
    {
        var env = TaskEnvironment.Current();
        env["GIT_TERMINAL_PROMPT"] = "0";
        var r = ctx.Commands.Run(new Platform.CommandSpec(["git", "-C", projectDir, "rev-parse", "--verify", "--quiet", "HEAD^{commit}"],
            TimeSpan.FromSeconds(10)) { Environment = env });
        return r.Ok && r.Stdout.Trim() is { Length: 40 } sha ? sha : null;
    }
}
