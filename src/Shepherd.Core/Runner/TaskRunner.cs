using System.Runtime.InteropServices;
using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>The process inside the tmux pane: owns the agent, records every attempt, and resumes it by
/// its session id per the restart policy until the task is final. Only the holder of the task's runner
/// lock ever launches an agent.</summary>
public sealed class TaskRunner(
    ShepherdHome home, TaskStore store, AgentRegistry agents, IProcessLauncher launcher, TimeProvider clock,
    RunnerOptions options, Stream pane, Action<TaskRecord> onFinal)
{
    public async Task<int> RunAsync(long taskId)
    {
        var task = store.GetTask(taskId);
        if (task is null) { Console.Error.WriteLine($"shepherd runner: task {taskId} does not exist"); return 1; }
        using var runnerLock = await AcquireLockAsync(home.RunnerLock(task.Name));
        if (runnerLock is null)
        {
            Console.Error.WriteLine($"shepherd runner: another runner owns task '{task.Name}'");
            return 0;
        }
        var bootId = BootId.Current();
        store.SetRunner(taskId, ProcessInfo.CurrentPid, ProcessInfo.StartTicks(ProcessInfo.CurrentPid) ?? 0, bootId);
        using var sinks = new OutputSinks(pane, home.LogFile(task.Name));
        var run = new AgentRun(store, launcher, clock, options, sinks);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; run.ForwardSignal(Signals.SIGTERM); });
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => { c.Cancel = true; run.ForwardSignal(Signals.SIGHUP); });
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            c.Cancel = true; // Ctrl-C in an attached pane: the user means stop
            store.RequestStop(taskId);
            run.ForwardSignal(Signals.SIGINT);
        });

        ReapLostAttempt(task, sinks);
        // A runner started for a task that is already final only finishes it (its last runner died first). The
        // extra line keeps __TASK_DONE__ on screen: tmux's "Pane is dead" line scrolls the top row away.
        if (task.IsFinal) sinks.WriteLine($"[shepherd] {task.Name} is already {task.State}; finishing up");
        try
        {
            await new AttemptLoop(home, store, agents, clock, options, run, sinks, bootId).RunAsync(taskId);
        }
        catch (UsageException e)
        {
            // The stored task cannot be run as it is (an agent this version does not know, say): retrying won't help.
            sinks.WriteLine($"[shepherd] runner error: {e.Message}");
            store.TryFinish(taskId, [TaskState.Starting, TaskState.Running, TaskState.Backoff], TaskState.Failed, $"runner error: {e.Message}");
        }
        task = store.GetTask(taskId)!;
        if (task.IsFinal) Finish(task, sinks);
        return 0;
    }

    private async Task<FileLock?> AcquireLockAsync(string path)
    {
        var until = clock.GetUtcNow() + options.LockWait;
        while (true)
        {
            var l = FileLock.TryAcquire(path);
            if (l is not null || clock.GetUtcNow() >= until) return l;
            await Task.Delay(TimeSpan.FromMilliseconds(50), clock);
        }
    }

    /// <summary>A previous runner died during an attempt: end what is left of its agent (checked by pid,
    /// start time and boot id, never by pid alone) and record the attempt as lost.</summary>
    private void ReapLostAttempt(TaskRecord task, OutputSinks sinks)
    {
        var last = store.LastAttempt(task.Id);
        if (last is null || last.EndedAt is not null) return;
        if (AgentGroup.Live(last) is { } pgid)
        {
            sinks.WriteLine($"[shepherd] ending agent process group {pgid} left by a lost runner");
            AgentGroup.End(pgid, [Signals.SIGTERM, Signals.SIGKILL], options.KillGrace, clock);
        }
        var why = last.BootId != BootId.Current() ? "machine rebooted" : "runner lost";
        store.EndAttempt(last.Id, null, Outcome.Lost, why);
    }

    private void Finish(TaskRecord task, OutputSinks sinks)
    {
        try { ShepherdHome.WritePrivateFile(home.DoneFile(task.Name), Encoding.UTF8.GetBytes(task.State + "\n")); }
        catch (IOException) { /* rm raced us */ }
        onFinal(task);
        sinks.WriteLine(task.Reason is null ? $"__TASK_DONE__ {task.State}" : $"__TASK_DONE__ {task.State}: {task.Reason}");
    }
}
