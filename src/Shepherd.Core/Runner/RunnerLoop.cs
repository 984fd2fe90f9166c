using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>The runner's loop: carry out intents, finish a final task, run a pending check, wait out a backoff
/// (any signal ends the wait at once), enforce the max runtime, run the next attempt — until the task is final
/// and finished, or the runner itself is being ended. This loop is the only user of the runner's store.</summary>
internal sealed class RunnerLoop(RunnerContext rc)
{
    private (DateTimeOffset Wall, long Timestamp, TimeSpan Wait)? _backoff;

    public async Task RunAsync(long taskId)
    {
        var attempts = new AttemptRunner(rc);
        var check = new SuccessCheck(rc);
        var finisher = new Finisher(rc);
        while (rc.Inbox.TerminatedBy is null)
        {
            var task = rc.Store.GetTask(taskId);
            if (task is null) return; // removed
            if (rc.Store.PendingIntents(taskId).Count > 0)
            {
                foreach (var (intent, result) in rc.Owner.ApplyIntents(taskId, agentRunning: false))
                    rc.Output.Note($"[shepherd] {Intent.Text(intent.Kind)}: {result}");
                continue;
            }
            if (task.StopRequest == StopRequest.Remove && task.IsFinal) return; // rm deletes it; nothing to finish
            if (task.IsFinal)
            {
                await finisher.FinishAsync(task);
                if (rc.Store.PendingIntents(taskId).Count > 0) continue; // a follow-up arrived while finishing up
                return;
            }
            if (task.State == TaskState.Checking && rc.Store.LastAttempt(taskId) is { } checkedAttempt)
            {
                await check.RunAsync(task, checkedAttempt);
                continue;
            }
            if (task.State == TaskState.Backoff && task.NextAttemptAt is { } at && BackoffLeft(at) is { } left && left > TimeSpan.Zero)
            {
                Handle(taskId, await rc.Inbox.NextAsync(left));
                continue;
            }
            if (AttemptDecisions.RuntimeUsed(task, rc.Store.ListAttempts(taskId)) >= task.Policy.MaxRuntime)
            {
                rc.Store.TryFinish(taskId, TaskState.Failed, $"max runtime reached ({Duration.Format(task.Policy.MaxRuntime)})");
                continue;
            }
            await attempts.RunAsync(task);
            var after = rc.Store.GetTask(taskId);
            _backoff = after is { State: TaskState.Backoff, NextAttemptAt: { } next }
                ? (next, rc.Clock.GetTimestamp(), next - after.UpdatedAt) // stored with it: a wall-clock jump since does not count
                : null;
        }
    }

    /// <summary>How long a backoff still lasts: on the monotonic clock for one this runner decided (a wall-clock
    /// jump neither fires it early nor stretches it), else from the stored time, never longer than a day.</summary>
    private TimeSpan? BackoffLeft(DateTimeOffset at)
    {
        if (_backoff is { } b && b.Wall == at) return b.Wait - rc.Clock.GetElapsedTime(b.Timestamp);
        var left = at - rc.Clock.GetUtcNow();
        return left < TimeSpan.FromDays(1) ? left : TimeSpan.FromDays(1);
    }

    /// <summary>An event that arrived while no agent ran.</summary>
    private void Handle(long taskId, RunnerEvent? e)
    {
        switch (e)
        {
            case RunnerEvent.Interrupt:
                if (rc.Store.GetTask(taskId) is { IsFinal: false, StopRequested: false }) rc.Store.AddIntent(taskId, IntentKind.Stop, null);
                break;
            case RunnerEvent.OutputFailed f:
                RecordOutputFailure(rc, taskId, f);
                break;
        }
    }

    /// <summary>Output could not be logged or read: shown in status and the pane. A failed log write (the disk is full)
    /// also frees the reserve, so the store can record why.</summary>
    public static void RecordOutputFailure(RunnerContext rc, long taskId, RunnerEvent.OutputFailed failure)
    {
        var freed = failure.LogWrite && rc.Home.ReleaseReserve();
        try { rc.Store.SetOutputError(taskId, failure.Message + (freed ? " (the 1 MiB reserve was freed to record this)" : "")); }
        catch (Microsoft.Data.Sqlite.SqliteException) { /* the store is full too: the pane still says it */ }
        rc.Output.Note(failure.LogWrite
            ? $"[shepherd] {failure.Message}; output goes on to the pane; free some space, `shepherd doctor` checks it"
            : $"[shepherd] {failure.Message}");
    }
}
