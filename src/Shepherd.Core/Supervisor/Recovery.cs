using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;
using Shepherd.Tmux;

namespace Shepherd.Supervisor;

/// <summary>One pass of <c>shepherd recover</c>: every task that is not final and has no live runner gets
/// one again (its tmux session recreated if needed), which resumes the agent by its stored id. It acts
/// only on evidence: the runner lock is free, tmux answered. Unclear → nothing this pass.</summary>
public sealed class Recovery(ShepherdHome home, TaskStore store, RunnerLauncher launcher, TaskStopper stopper, TimeProvider clock)
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
            var d = Recover(task);
            if (d is not null && (includeQuiet || d.Action != "runner alive")) decisions.Add(d);
        }
        return decisions;
    }

    /// <summary>Final tasks whose runner died between storing the final state and finishing up (no done file):
    /// a runner started for such a task only finishes it — done file, notifications, the pane's
    /// <c>__TASK_DONE__</c> line — and exits.</summary>
    public List<Decision> FinishAbandoned()
    {
        var decisions = new List<Decision>();
        foreach (var task in store.ListTasks().Where(t => t.IsFinal))
        {
            if (!Directory.Exists(home.TaskDir(task.Name)) || File.Exists(home.DoneFile(task.Name))) continue;
            using var claim = FileLock.TryAcquire(home.RecoverLock(task.Name));
            if (claim is null) continue;
            try
            {
                var what = launcher.EnsureRunner(task);
                if (what != "runner alive") decisions.Add(new Decision(task.Name, $"finishing {task.State}: {what}"));
            }
            catch (TmuxException e)
            {
                ShepherdHome.WritePrivateFile(home.DoneFile(task.Name), System.Text.Encoding.UTF8.GetBytes(task.State + "\n"));
                decisions.Add(new Decision(task.Name, $"done file written ({e.Message})"));
            }
        }
        return decisions;
    }

    private Decision? Recover(TaskRecord task)
    {
        if (task.State == TaskState.Starting && clock.GetUtcNow() - task.UpdatedAt < StartGrace && store.LastAttempt(task.Id) is null)
            return null;
        if (!Directory.Exists(home.TaskDir(task.Name))) return new Decision(task.Name, "task directory missing; left alone");
        using var claim = FileLock.TryAcquire(home.RecoverLock(task.Name));
        if (claim is null) return new Decision(task.Name, "another recover is handling it");
        var current = store.GetTask(task.Id);
        if (current is null || current.IsFinal) return null;
        if (launcher.RunnerAlive(current)) return new Decision(task.Name, "runner alive");
        if (current.StopRequested)
        {
            stopper.Stop(current);
            return new Decision(task.Name, "stop was requested; recorded as stopped");
        }
        if (current.RunnerLaunchedAt is { } launched && clock.GetUtcNow() - launched < RelaunchPause)
            return new Decision(task.Name, $"the runner launched {Duration.Format(clock.GetUtcNow() - launched)} ago is gone already; waiting before the next launch");
        try
        {
            store.MarkRunnerLaunched(current.Id);
            var what = launcher.EnsureRunner(current);
            WaitForRunner(current);
            return new Decision(task.Name, $"resumed: {what}");
        }
        catch (TmuxException e)
        {
            return new Decision(task.Name, $"unknown ({e.Message}); will look again");
        }
    }

    /// <summary>Holds the recover claim until the new runner owns its lock, so a second recover does not
    /// mistake a runner that is still starting for a dead one.</summary>
    private void WaitForRunner(TaskRecord task)
    {
        var until = clock.GetUtcNow() + TimeSpan.FromSeconds(5);
        while (clock.GetUtcNow() < until)
        {
            Thread.Sleep(100);
            var t = store.GetTask(task.Id);
            if (t is null || t.IsFinal) return;
            if (t.RunnerPid is { } pid && t.RunnerPid != task.RunnerPid && t.RunnerStartTicks is { } ticks && ProcessInfo.IsSame(pid, ticks)) return;
            if (launcher.RunnerPaneDead(task)) return; // it died before it got going: the next pass decides
        }
    }
}
