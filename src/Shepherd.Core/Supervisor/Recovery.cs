using Microsoft.Data.Sqlite;
using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;
using Shepherd.Tmux;

namespace Shepherd.Supervisor;

/// <summary>One pass of <c>shepherd recover</c>: every task that is not final and whose runner lock is free gets a
/// runner again (its tmux session recreated if needed), which resumes the agent by its stored id. Before that, holding
/// the lock, it takes over what the lost runner left (its agent is ended, the attempt recorded as lost) and carries
/// out pending intents. It acts only on evidence: the lock is free, tmux answered. One task's trouble is reported and
/// never stops the others.</summary>
public sealed class Recovery(ShepherdHome home, TaskStore store, RunnerLauncher launcher, TaskOwner owner, TimeProvider clock)
{
    /// <summary>A task this young may still be getting its first runner from <c>start</c>.</summary>
    public TimeSpan StartGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The least time between two runner launches for one task: a runner that keeps dying at once
    /// (a broken task, a full disk) is retried at this pace instead of on every pass.</summary>
    public TimeSpan RelaunchPause { get; init; } = TimeSpan.FromSeconds(5);

    public sealed record Decision(string Task, string Action);

    public List<Decision> RunPass(bool includeQuiet = false)
    {
        var decisions = new List<Decision>();
        foreach (var task in store.ListUnfinished())
        {
            var d = Guarded(task, () => Recover(task));
            if (d is not null && (includeQuiet || d.Action != "runner alive")) decisions.Add(d);
        }
        return decisions;
    }

    /// <summary>Final tasks whose runner died between storing the final state and finishing up (no done file): a runner
    /// started for such a task only finishes it — notifications, done file, the pane's <c>__TASK_DONE__</c> line.</summary>
    public List<Decision> FinishAbandoned()
    {
        var decisions = new List<Decision>();
        foreach (var task in store.ListTasks().Where(t => t.IsFinal && t.StopRequest != StopRequest.Remove))
        {
            if (!Directory.Exists(home.TaskDir(task.Name)) || File.Exists(home.DoneFile(task.Name))) continue;
            if (Guarded(task, () => Finish(task)) is { } d) decisions.Add(d);
        }
        return decisions;
    }

    private Decision? Finish(TaskRecord task)
    {
        using (var claim = FileLock.TryAcquire(home.RunnerLock(task.Name)))
        {
            if (claim is null) return null;
            owner.TakeOverLostAttempt(task); // an attempt its runner never closed: recorded as lost
        }
        try
        {
            var what = launcher.EnsureRunner(task);
            return what == "runner alive" ? null : new Decision(task.Name, $"finishing {task.State.Text()}: {what}");
        }
        catch (TmuxException e)
        {
            Runner.Finisher.WriteDone(home, task);
            return new Decision(task.Name, $"done file written ({e.Message})");
        }
    }

    private Decision? Recover(TaskRecord task)
    {
        if (task.State == TaskState.Starting && clock.GetUtcNow() - task.UpdatedAt < StartGrace && store.LastAttempt(task.Id) is null)
            return null;
        if (!Directory.Exists(home.TaskDir(task.Name))) return new Decision(task.Name, "task directory missing; left alone");
        var notes = new List<string>();
        TaskRecord? current;
        using (var claim = FileLock.TryAcquire(home.RunnerLock(task.Name)))
        {
            if (claim is null) return new Decision(task.Name, "runner alive");
            current = store.GetTask(task.Id);
            if (current is null || current.IsFinal) return null;
            if (owner.TakeOverLostAttempt(current) is { } takeover) notes.Add(takeover);
            notes.AddRange(owner.ApplyIntents(current.Id, agentRunning: false).Select(r => $"{Intent.Text(r.Intent.Kind)}: {r.Result}"));
            current = store.GetTask(task.Id);
            if (current is null) return null;
            if (current.IsFinal) return new Decision(task.Name, string.Join("; ", notes.Append($"now {current.State.Text()}")));
            if (current.RunnerLaunchedAt is { } launched && clock.GetUtcNow() - launched < RelaunchPause)
                return new Decision(task.Name, $"the runner launched {Duration.Format(clock.GetUtcNow() - launched)} ago is gone already; waiting before the next launch");
            store.MarkRunnerLaunched(current.Id);
        }
        try
        {
            notes.Add($"resumed: {launcher.EnsureRunner(current)}");
        }
        catch (TmuxException e)
        {
            notes.Add($"unknown ({e.Message}); will look again");
        }
        return new Decision(task.Name, string.Join("; ", notes));
    }

    private static Decision? Guarded(TaskRecord task, Func<Decision?> work)
    {
        try { return work(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            return new Decision(task.Name, $"cannot be recovered now: {e.Message}");
        }
    }
}
