using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Supervisor;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>The process inside the tmux pane: it owns the task. Only the holder of the task's runner lock launches,
/// signals or ends the agent, records attempts and moves the state; others write intents and wake it (SIGUSR1).</summary>
public sealed class TaskRunner(
    ShepherdHome home, TaskStore store, IProcessLauncher launcher, ICommandRunner commands, TimeProvider clock,
    RunnerOptions options, Stream pane, Func<long, CancellationToken, Task> deliverNotifications, Stream? notes = null)
{
    /// <summary>How the run ended for the engine that runs it: <see cref="RunnerEnd.Busy"/> when another runner owns the
    /// task, <see cref="RunnerEnd.TakenOver"/> when another run took its lease.</summary>
    public RunnerEnd End { get; private set; } = RunnerEnd.Ended;

    /// <summary>Called once the runner owns the task (its lock, and in the foreground its lease): where it runs is recorded.</summary>
    public Action<TaskRecord>? Owned { get; init; }

    public async Task<int> RunAsync(long taskId)
    {
        var task = store.GetTask(taskId);
        if (task is null) { Console.Error.WriteLine($"shepherd runner: task {taskId} does not exist"); return 1; }
        using var inbox = new RunnerInbox(clock);
        inbox.RegisterSignals(); // before our pid is published: a wake must never find the default SIGUSR1 action
        var interrupted = false;
        using var runnerLock = await AcquireLockAsync(home.RunnerLock(task.Name), inbox, () => interrupted = true);
        if (runnerLock is null)
        {
            End = RunnerEnd.Busy;
            if (inbox.TerminatedBy is not null) return 0;
            Console.Error.WriteLine($"shepherd runner: another runner owns task '{task.Name}'");
            return 0;
        }
        task = store.GetTask(taskId);
        if (task is null) return 0; // removed while we waited
        LeaseKeeper? lease = null;
        if (options.Foreground)
        {
            var me = RunLease.Current();
            if (store.TryTakeLease(taskId, me, options.LeaseTtl) is { } held)
            {
                End = RunnerEnd.Busy;
                var holder = RunLease.Parse(held.LeaseHolder);
                Console.Error.WriteLine($"shepherd: another run owns task '{task.Name}' ({holder?.Describe(held.LeaseUntil!.Value) ?? "lease held"}); try again later");
                return 0;
            }
            lease = new LeaseKeeper(store, taskId, me, options.LeaseTtl, clock);
        }
        Owned?.Invoke(task);
        try { return await RunOwnedAsync(task, inbox, interrupted, lease); }
        finally
        {
            if (lease is { Lost: true }) End = RunnerEnd.TakenOver;
            lease?.Release();
        }
    }

    private async Task<int> RunOwnedAsync(TaskRecord task, RunnerInbox inbox, bool interrupted, LeaseKeeper? lease)
    {
        var taskId = task.Id;
        var bootId = BootId.Current();
        store.SetRunner(taskId, ProcessInfo.CurrentPid, ProcessInfo.StartTicks(ProcessInfo.CurrentPid) ?? 0, bootId,
            Environment.GetEnvironmentVariable("TMUX_PANE"));
        home.PokeDaemon(); // a daemon watches our pid from now on
        if (interrupted && !task.IsFinal) store.AddIntent(taskId, IntentKind.Stop, null);
        home.EnsureReserve();
        using var output = new TaskOutput(pane, home.LogFile(task.Name), clock, notes: notes);
        output.LogFailed += m => inbox.Post(new RunnerEvent.OutputFailed(m, LogWrite: true));
        var owner = new TaskOwner(home, store, clock) { KillGrace = options.KillGrace };
        var takeover = owner.BeginTakeOver(task);
        // A runner started for a task that is already final only finishes it (its last runner died first). The
        // extra line keeps __TASK_DONE__ on screen: tmux's "Pane is dead" line scrolls the top row away.
        if (task.IsFinal) output.Note($"[shepherd] {task.Name} is already {task.State.Text()}; finishing up");
        var rc = new RunnerContext(home, store, clock, options, launcher, commands, inbox, output, owner, bootId)
        {
            DeliverNotifications = deliverNotifications, Lease = lease,
        };
        try
        {
            await new RunnerLoop(rc, taskId).RunAsync(takeover);
        }
        catch (UsageException e)
        {
            // The stored task cannot be run as it is (an agent this version does not know, say): retrying won't help.
            output.Note($"[shepherd] runner error: {e.Message}");
            store.TryFinish(taskId, TaskState.Failed, $"runner error: {e.Message}");
        }
        return 0;
    }

    /// <summary>The task's lock, waiting up to <see cref="RunnerOptions.LockWait"/> (a probe may hold it for an
    /// instant); null when another runner owns the task or a signal ended the wait. Before the runner owns the task the
    /// only events are signals: a Ctrl-C is kept and becomes a stop once the task is ours.</summary>
    private async Task<FileLock?> AcquireLockAsync(string path, RunnerInbox inbox, Action interrupted)
    {
        var from = clock.GetTimestamp();
        while (true)
        {
            if (FileLock.TryAcquire(path) is { } l) return l;
            if (inbox.TerminatedBy is not null || clock.GetElapsedTime(from) >= options.LockWait) return null;
            if (await inbox.NextAsync(TimeSpan.FromMilliseconds(50)) is RunnerEvent.Interrupt) interrupted();
        }
    }
}

/// <summary>How a runner ended, for the engine that runs it (<c>shepherd run</c>'s exit code).</summary>
public enum RunnerEnd { Ended, Busy, TakenOver }
