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
    public static readonly TimeSpan DefaultStartGrace = TimeSpan.FromSeconds(10);

    /// <summary>A task this young may still be getting its first runner from <c>start</c>.</summary>
    public TimeSpan StartGrace { get; init; } = DefaultStartGrace;

    /// <summary>The least time between two runner launches for one task: a runner that keeps dying at once
    /// (a broken task, a full disk) is retried at this pace instead of on every pass.</summary>
    public TimeSpan RelaunchPause { get; init; } = TimeSpan.FromSeconds(5);

    public sealed record Decision(string Task, string Action);

    public List<Decision> RunPass(bool includeQuiet = false) => Recover(store.ListUnfinished(), includeQuiet);

    /// <summary>Recovers these tasks: each is prepared under its lock, then all that need a runner get one together
    /// (<see cref="RunnerLauncher.EnsureRunners"/>), without waiting for any of them to start.</summary>
    public List<Decision> Recover(IReadOnlyList<TaskRecord> tasks, bool includeQuiet = false)
    {
        var decisions = new List<Decision>();
        var launch = new List<(TaskRecord Task, List<string> Notes, FileLock Launching)>();
        var previousLaunch = tasks.ToDictionary(t => t.Id, t => t.RunnerLaunchedAt);
        try
        {
            foreach (var task in tasks)
            {
                List<string>? notes = null;
                FileLock? launching = null;
                var d = Guarded(task, () => Prepare(task, out notes, out launching));
                if (d is not null && (includeQuiet || (d.Action != "runner alive" && task.Engine == Engines.Tmux))) decisions.Add(d);
                if (d is null && notes is not null && launching is not null && store.GetTask(task.Id) is { } current)
                    launch.Add((current, notes, launching));
                else launching?.Dispose();
            }
            if (launch.Count == 0) return decisions;
            Dictionary<string, string> launched;
            try { launched = launcher.EnsureRunners([.. launch.Select(l => l.Task)]); }
            catch (TmuxException e) { launched = launch.ToDictionary(l => l.Task.Name, _ => $"unknown ({e.Message}); will look again"); }
            foreach (var (task, notes, _) in launch)
            {
                var ok = launched.TryGetValue(task.Name, out var w) && !w.StartsWith("unknown");
                // Nothing was launched: the next pass may try again at once, without the relaunch pause.
                if (!ok) store.MarkRunnerLaunched(task.Id, previousLaunch.GetValueOrDefault(task.Id));
                decisions.Add(new Decision(task.Name, string.Join("; ", notes.Append(ok ? $"resumed: {w}" : w ?? "not launched"))));
            }
            return decisions;
        }
        finally
        {
            foreach (var l in launch) l.Launching.Dispose();
        }
    }

    /// <summary>Files that a start or an rm killed half-way left in tasks/ (<see cref="LeftoverTaskFiles"/>).</summary>
    public List<Decision> ClearLeftoverFiles() =>
        [.. LeftoverTaskFiles.Clear(home, store, clock.GetUtcNow()).Select(c => new Decision(c.Name, c.What))];

    /// <summary>Final tasks whose runner died between storing the final state and finishing up (no done file): a runner
    /// started for such a task only finishes it — notifications, done file, the pane's <c>__TASK_DONE__</c> line.</summary>
    public List<Decision> FinishAbandoned(IEnumerable<TaskRecord>? only = null)
    {
        var decisions = new List<Decision>();
        foreach (var task in (only ?? store.ListTasks()).Where(t => t.IsFinal && t.StopRequest != StopRequest.Remove && t.Engine == Engines.Tmux))
        {
            if (!Directory.Exists(home.TaskDir(task.Name)) || File.Exists(home.DoneFile(task.Name))) continue;
            if (Guarded(task, () => Finish(task)) is { } d) decisions.Add(d);
        }
        return decisions;
    }

    private Decision? Finish(TaskRecord task)
    {
        using var launching = LaunchGuard.TryTake(home, task.Name);
        if (launching is null) return null; // another command is starting its runner, or rm is removing it
        using (var claim = ClaimRunnerLock(task))
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
            home.WriteDone(task);
            return new Decision(task.Name, $"done file written ({e.Message})");
        }
    }

    /// <summary>Under the task's lock: take over what a lost runner left and carry out pending intents. Returns a
    /// decision when the task needs nothing more, or null with <paramref name="notes"/> set when it needs a runner.</summary>
    private Decision? Prepare(TaskRecord task, out List<string>? notes, out FileLock? launching)
    {
        notes = null;
        launching = null;
        // Slurm or whoever runs `shepherd run` restarts those runners, on whichever machine: not this daemon.
        if (task.Engine != Engines.Tmux) return new Decision(task.Name, $"runs under {task.Engine}; left to it");
        if (task.State == TaskState.Starting && clock.GetUtcNow() - task.UpdatedAt < StartGrace && store.LastAttempt(task.Id) is null)
            return Young(task);
        if (!Directory.Exists(home.TaskDir(task.Name))) return new Decision(task.Name, "task directory missing; left alone");
        var found = new List<string>();
        var launch = LaunchGuard.TryTake(home, task.Name);
        if (launch is null) return new Decision(task.Name, "another command is starting its runner");
        try
        {
            using (var claim = ClaimRunnerLock(task))
            {
                if (claim is null) return new Decision(task.Name, "runner alive");
                var current = store.GetTask(task.Id);
                if (current is null || current.IsFinal) return null; // FinishAbandoned looks after final tasks
                if (owner.TakeOverLostAttempt(current) is { } takeover) found.Add(takeover);
                found.AddRange(owner.ApplyIntents(current.Id, agentRunning: false).Select(r => $"{Intent.Text(r.Intent.Kind)}: {r.Result}"));
                current = store.GetTask(task.Id);
                if (current is null) return null;
                if (current.IsFinal) return new Decision(task.Name, string.Join("; ", found.Append($"now {current.State.Text()}")));
                if (current.RunnerLaunchedAt is { } launched && clock.GetUtcNow() - launched < RelaunchPause && !RanAWhile(current, launched))
                    return new Decision(task.Name, $"the runner launched {Duration.Format(clock.GetUtcNow() - launched)} ago " +
                        (current.RunnerRegisteredAt >= launched ? "is gone already" : "has not taken the task (still starting, or dead)") +
                        "; waiting before the next launch");
                store.MarkRunnerLaunched(current.Id, clock.GetUtcNow());
            }
            notes = found;
            launching = launch;
            return null;
        }
        finally
        {
            if (launching is null) launch.Dispose();
        }
    }

    /// <summary>The task's runner lock, if no runner holds it. A killed runner holds it a few more milliseconds while its
    /// threads exit (its main thread already a zombie): that one is waited for, since it is certainly going.</summary>
    private FileLock? ClaimRunnerLock(TaskRecord task)
    {
        var path = home.RunnerLock(task.Name);
        if (FileLock.TryAcquire(path) is { } claim) return claim;
        if (task is not { RunnerPid: { } pid, RunnerStartTicks: { } ticks } || ProcStat.Read(pid) is not { IsDead: true } runner
            || runner.StartTicks != ticks)
            return null;
        return Pidfd.WaitForExit(pid, ExitingRunnerWait) ? FileLock.TryAcquire(path) : null;
    }

    private static readonly TimeSpan ExitingRunnerWait = TimeSpan.FromSeconds(2);

    /// <summary>The last runner launched for the task registered and ran at least a second: it did not die as soon as it
    /// started (it was lost, e.g. with the tmux server), so it needs no pause before the next launch.</summary>
    private bool RanAWhile(TaskRecord task, DateTimeOffset launched) =>
        task.RunnerRegisteredAt is { } registered && registered >= launched && clock.GetUtcNow() - registered >= TimeSpan.FromSeconds(1);

    /// <summary>A task this young may still be getting its first runner from <c>start</c>.</summary>
    private static Decision Young(TaskRecord task) => new(task.Name, "just started; its runner is on its way");

    private static Decision? Guarded(TaskRecord task, Func<Decision?> work)
    {
        try { return work(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            return new Decision(task.Name, $"cannot be recovered now: {e.Message}");
        }
    }
}
