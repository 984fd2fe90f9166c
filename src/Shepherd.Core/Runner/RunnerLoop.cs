using Shepherd.Agents;
using Shepherd.Store;
using Shepherd.Supervisor;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>The runner's loop: decide from the stored task what to do next — carry out intents, finish a final task,
/// finish an accepted stop, run a pending check, wait out a backoff, enforce the max runtime, look up a session id, run
/// the next attempt — then drive that activity until it is done, until the task is final and finished or the runner
/// itself is being ended. It is the only reader of the inbox and the only user of the runner's store: every event is
/// handled here, whatever the activity (<see cref="DriveAsync"/>).</summary>
internal sealed class RunnerLoop(RunnerContext rc, long taskId)
{
    private (DateTimeOffset Wall, long Timestamp, TimeSpan Wait)? _backoff;

    public async Task RunAsync(TaskOwner.Takeover? takeover)
    {
        if (takeover is not null) await DriveAsync(new TakeoverRun(rc, takeover));
        while (rc.Inbox.TerminatedBy is null)
        {
            var task = rc.Store.GetTask(taskId);
            if (task is null) return; // removed
            if (rc.Store.PendingIntents(taskId).Count > 0)
            {
                ApplyIntents(agentRunning: false);
                continue;
            }
            if (task.StopRequest == StopRequest.Remove && task.IsFinal) return; // rm deletes it; nothing to finish
            if (task.IsFinal)
            {
                await DriveAsync(new FinishUp(rc, task));
                if (rc.Inbox.TerminatedBy is null && rc.Store.PendingIntents(taskId).Count > 0) continue; // a follow-up came meanwhile
                return;
            }
            if (task.StopRequested)
            {
                rc.Store.FinishStop(taskId); // accepted while something ran that is gone now: nothing is left to end
                continue;
            }
            if (task.State == TaskState.Checking && rc.Store.LastAttempt(taskId) is { } checkedAttempt)
            {
                if (CheckRun.Start(rc, task, checkedAttempt) is { } check) await DriveAsync(check);
                continue;
            }
            // Checked before a backoff is waited out: a spent budget allows no further resume.
            if (Spend.Budgets.Exhausted(task, rc.Store.ListAttempts(taskId)) is { } spent)
            {
                rc.Output.Note($"[shepherd] {spent}: no further resume");
                rc.Store.TryFinish(taskId, TaskState.Failed, spent);
                continue;
            }
            if (task.State == TaskState.Backoff && task.NextAttemptAt is { } at && BackoffLeft(at) is { } left && left > TimeSpan.Zero)
            {
                await DriveAsync(new Pause(rc.Clock, left));
                continue;
            }
            if (AttemptDecisions.RuntimeUsed(task, rc.Store.ListAttempts(taskId)) >= task.Policy.MaxRuntime)
            {
                rc.Store.TryFinish(taskId, TaskState.Failed, $"max runtime reached ({Duration.Format(task.Policy.MaxRuntime)})");
                continue;
            }
            if (LookupFor(task) is { } lookup)
            {
                await DriveAsync(lookup);
                if (!lookup.Answered) continue;
                task = rc.Store.GetTask(taskId);
                if (task is null || rc.Store.PendingIntents(taskId).Count > 0) continue;
            }
            (byte[], int)? handoff = null;
            if (task.HandoffReason is not null)
            {
                var number = rc.Store.ListAttempts(taskId).Count(a => a.Kind == "handoff") + 1;
                var prep = new HandoffPrep(rc, task, AgentRegistry.ForTask(rc.Home, task), number);
                await DriveAsync(prep);
                if (rc.Inbox.TerminatedBy is not null) continue;
                if (prep.Prompt is not { } written)
                {
                    rc.Store.TryFinish(taskId, TaskState.Failed, $"the handoff prompt could not be written ({prep.File})");
                    continue;
                }
                rc.Output.Note($"[shepherd] handoff prompt written to {prep.File}");
                handoff = (written, number);
                task = rc.Store.GetTask(taskId);
                if (task is null || rc.Store.PendingIntents(taskId).Count > 0) continue;
            }
            if (AttemptLaunch.Start(rc, task, handoff) is not { } attempt) continue;
            await DriveAsync(attempt);
            var after = rc.Store.GetTask(taskId);
            _backoff = after is { State: TaskState.Backoff, NextAttemptAt: { } next }
                ? (next, rc.Clock.GetTimestamp(), next - after.UpdatedAt) // stored with it: a wall-clock jump since does not count
                : null;
        }
    }

    /// <summary>Waits for events until the activity is done, handling each one whatever the activity: a stop or a
    /// resume is carried out (unless the activity holds intents), a session id is stored the moment it is seen, an
    /// output failure is recorded; what concerns the activity is passed on to it.</summary>
    private async Task DriveAsync(IRunnerActivity activity)
    {
        while (!activity.Done)
        {
            var (due, leaseDue) = (activity.Due, rc.Lease?.Due);
            var e = await rc.Inbox.NextAsync(Min(due, leaseDue));
            switch (e)
            {
                case null:
                    if (rc.Lease is { } lease && lease.Due <= TimeSpan.Zero) KeepLease(lease, activity);
                    // The activity's timer as before, unless the wait ended for the lease alone (some activities poll: their
                    // Due never reaches zero).
                    if (leaseDue is null || due <= leaseDue) activity.OnTimer();
                    break;
                case RunnerEvent.Terminate t:
                    // An intent written just before the signal (a stop through the engine: scancel) is carried out first.
                    if (rc.Options.Foreground && !rc.Fenced && !activity.HoldsIntents) ApplyIntents(activity);
                    activity.OnSignal(t.Signal);
                    break;
                case RunnerEvent.ChildExited x: activity.OnChildExited(x.Pid, x.Status); break;
                case RunnerEvent.WorkDone: activity.OnWorkDone(); break;
                case RunnerEvent.TurnEnded turn: activity.OnTurnEnded(turn.AttemptId); break;
                case RunnerEvent.Wake:
                    if (!activity.HoldsIntents) ApplyIntents(activity);
                    break;
                case RunnerEvent.Interrupt:
                    // Ctrl-C in the attached pane means stop.
                    if (rc.Store.GetTask(taskId) is { IsFinal: false, StopRequested: false }) rc.Store.AddIntent(taskId, IntentKind.Stop, null);
                    if (!activity.HoldsIntents) ApplyIntents(activity);
                    break;
                case RunnerEvent.SessionIdSeen s:
                    rc.Store.SetAgentSessionId(taskId, s.AttemptId, s.Id);
                    break;
                case RunnerEvent.Answered a:
                    rc.Store.MarkAnswered(a.AttemptId);
                    break;
                case RunnerEvent.UsageSeen u:
                    rc.Store.SetAttemptUsage(u.AttemptId, u.Usage);
                    activity.OnUsageStored(u.AttemptId);
                    break;
                case RunnerEvent.OutputFailed f:
                    RecordOutputFailure(f);
                    break;
                default:
                    throw new InvalidOperationException($"the runner has no handling for {e.GetType().Name}");
            }
        }
    }

    /// <summary>Renews the lease; a run whose lease was taken over ends what runs as if the platform ended it (and writes
    /// nothing more). Intents are looked for here too: a command on another machine cannot wake this runner.</summary>
    private void KeepLease(LeaseKeeper lease, IRunnerActivity activity)
    {
        if (!lease.RenewIfDue())
        {
            Console.Error.WriteLine($"[shepherd] the task was taken over by another run: ending the agent");
            rc.Inbox.Post(new RunnerEvent.Terminate(Platform.Signals.SIGTERM));
            return;
        }
        if (!activity.HoldsIntents && rc.Store.PendingIntents(taskId).Count > 0) ApplyIntents(activity);
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private void ApplyIntents(IRunnerActivity activity)
    {
        if (ApplyIntents(activity.AttemptOpen) && rc.Store.GetTask(taskId) is { } task) activity.OnIntentsApplied(task);
    }

    private bool ApplyIntents(bool agentRunning)
    {
        var applied = rc.Owner.ApplyIntents(taskId, agentRunning);
        foreach (var (intent, result) in applied) rc.Output.Note($"[shepherd] {Intent.Text(intent.Kind)}: {result}");
        return applied.Count > 0;
    }

    /// <summary>The last attempt ended without showing its session id and the agent keeps a list of its sessions.</summary>
    private SessionLookup? LookupFor(TaskRecord task)
    {
        if (task.HandoffReason is not null) return null; // a fresh conversation is next
        var adapter = AgentRegistry.ForTask(rc.Home, task);
        if (task.AgentSessionId is not null || adapter.SessionListArguments is not { } arguments || rc.Store.LastAttempt(taskId) is not { } previous)
            return null;
        if (!File.Exists(rc.Home.EnvFile(task.Name)) || !File.Exists(rc.Home.PromptFile(task.Name))) return null; // the launch reports it
        var env = TaskEnvironment.Load(rc.Home.EnvFile(task.Name));
        if (AgentRegistry.FindExecutable(adapter, env) is not { } exe) return null;
        var ctx = new AgentContext(task, rc.Home.TaskDir(task.Name), File.ReadAllBytes(rc.Home.PromptFile(task.Name))) { Environment = env };
        return new SessionLookup(rc, task, previous, adapter, ctx, exe, arguments);
    }

    /// <summary>How long a backoff still lasts: on the monotonic clock for one this runner decided (a wall-clock
    /// jump neither fires it early nor stretches it), else from the stored time, never longer than a day.</summary>
    private TimeSpan? BackoffLeft(DateTimeOffset at)
    {
        if (_backoff is { } b && b.Wall == at) return b.Wait - rc.Clock.GetElapsedTime(b.Timestamp);
        var left = at - rc.Clock.GetUtcNow();
        return left < TimeSpan.FromDays(1) ? left : TimeSpan.FromDays(1);
    }

    /// <summary>Output could not be logged or read: shown in status and the pane. A failed log write (the disk is full)
    /// also frees the reserve, so the store can record why.</summary>
    private void RecordOutputFailure(RunnerEvent.OutputFailed failure)
    {
        var freed = failure.LogWrite && rc.Home.ReleaseReserve();
        try { rc.Store.SetOutputError(taskId, failure.Message + (freed ? " (the 1 MiB reserve was freed to record this)" : "")); }
        catch (Microsoft.Data.Sqlite.SqliteException) { /* the store is full too: the pane still says it */ }
        rc.Output.Note(failure.LogWrite
            ? $"[shepherd] {failure.Message}; output goes on to the pane; free some space, `shepherd doctor` checks it"
            : $"[shepherd] {failure.Message}");
    }
}
