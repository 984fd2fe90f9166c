using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Supervisor;

/// <summary>How a command acts on a task: it writes its intent, then wakes the runner (SIGUSR1 to the recorded pid,
/// checked by start time and boot) and waits for the runner to carry it out. When no runner holds the task's lock —
/// also when the runner lets go while we wait — the command takes the lock itself and carries it out. A command that
/// loses the race to an rm (the row or the directory gone under it) answers as if the task never existed.</summary>
public sealed class IntentClient(ShepherdHome home, TaskStore store, TaskOwner owner, TimeProvider clock)
{
    public TimeSpan Wait { get; init; } = TimeSpan.FromSeconds(30);

    /// <param name="Result">What was done ("stopped", "resuming", "queued …"), or why not.</param>
    /// <param name="ByUs">True when no runner held the lock and this command carried the intent out itself.</param>
    /// <param name="Pending">True when the runner is alive but has not acted within <see cref="Wait"/>.</param>
    public sealed record Outcome(string Result, bool ByUs, bool Pending, bool Removed = false);

    /// <param name="settled">Beyond the intent's own completion, what to wait for (a stop: the task is final).</param>
    /// <param name="wake">How else to wake the runner, once the intent is stored (a Slurm job's: SIGTERM through scancel,
    /// to a run on another machine that SIGUSR1 cannot reach).</param>
    public Outcome Submit(TaskRecord task, IntentKind kind, string? prompt, Func<TaskRecord, bool>? settled = null, Action<TaskRecord>? wake = null)
    {
        if (store.AddIntent(task.Id, kind, prompt) is not { } id) return Gone;
        wake?.Invoke(task);
        var until = clock.GetUtcNow() + Wait;
        var lastWake = DateTimeOffset.MinValue;
        while (true)
        {
            var current = store.GetTask(task.Id);
            var intent = store.GetIntent(id);
            if (current is null || intent is null) return Gone;
            if (intent.DoneAt is not null && (settled is null || settled(current))) return new Outcome(intent.Result ?? "done", false, false);
            if (TryActOurselves(current, id) is { } ours) return ours;
            if (clock.GetUtcNow() >= until) return new Outcome(intent.Result ?? "pending", false, true);
            if (clock.GetUtcNow() - lastWake >= TimeSpan.FromSeconds(1))
            {
                WakeRunner(current);
                lastWake = clock.GetUtcNow();
            }
            Thread.Sleep(20);
        }
    }

    /// <summary>Sends SIGUSR1 to the task's runner, if the recorded pid is still that runner.</summary>
    public static bool WakeRunner(TaskRecord task) =>
        task is { RunnerPid: { } pid, RunnerStartTicks: { } ticks } && task.RunnerBootId == BootId.Current() &&
        ProcessInfo.IsSame(pid, ticks) && ProcessInfo.Signal(pid, Signals.SIGUSR1);

    /// <summary>What a command that lost the race to rm says: the same as for a name that never existed.</summary>
    public static UsageException Removed(TaskRecord task) => new($"no task named '{task.Name}'");

    private static readonly Outcome Gone = new("removed", false, false, Removed: true);

    private Outcome? TryActOurselves(TaskRecord task, long intentId)
    {
        // A run on another machine owns the task (its lease is live): it finds the intent at its next renewal.
        if (RunLease.HeldByOther(task, clock.GetUtcNow())) return null;
        using var held = TryLock(task);
        if (held is null) return null;
        if (store.GetTask(task.Id) is null) return Gone; // rm deleted the row, then let go of the lock
        owner.TakeOverLostAttempt(task);
        owner.ApplyIntents(task.Id, agentRunning: false);
        return new Outcome(store.GetIntent(intentId)?.Result ?? "done", true, false);
    }

    /// <summary>Waits until no runner holds the task's lock, then takes it; null when it was not let go in time, or
    /// when the task is gone (another rm removed it).</summary>
    public FileLock? TakeLock(TaskRecord task, TimeSpan timeout)
    {
        var until = clock.GetUtcNow() + timeout;
        while (true)
        {
            if (TryLock(task) is { } l) return l;
            if (clock.GetUtcNow() >= until || store.GetTask(task.Id) is null) return null;
            Thread.Sleep(20);
        }
    }

    /// <summary>The task's lock, or null when another process holds it or rm has taken the task's directory away.</summary>
    private FileLock? TryLock(TaskRecord task) => FileLock.TryAcquireUnlessGone(home.RunnerLock(task.Name));
}
