using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>Launches the next attempt: start, or resume by the stored id, with the queued follow-up. The intent to
/// launch is stored first (<see cref="TaskStore.BeginAttempt"/>, which refuses when a stop was accepted meanwhile), with
/// the session id when Shepherd chose it; a launch that cannot happen is concluded at once.</summary>
internal static class AttemptLaunch
{
    private static readonly TaskState[] Launchable = [TaskState.Starting, TaskState.Backoff, TaskState.Running];

    /// <summary>The running attempt, or null when none was started (concluded, refused, or the task changed).
    /// <paramref name="handoff"/>: the prompt that opens a fresh conversation (handoff <c>N</c>), when one is pending.</summary>
    public static AgentAttempt? Start(RunnerContext rc, TaskRecord task, (byte[] Prompt, int Number)? handoff = null)
    {
        var store = rc.Store;
        var adapter = AgentRegistry.ForTask(rc.Home, task);
        if (new[] { rc.Home.PromptFile(task.Name), rc.Home.EnvFile(task.Name) }.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            // Someone deleted the task's files by hand: nothing can be launched, and retrying would not help.
            store.TryFinish(task.Id, TaskState.Failed, $"task file missing: {missing}");
            return null;
        }
        var env = TaskEnvironment.Load(rc.Home.EnvFile(task.Name));
        var ctx = new AgentContext(task, rc.Home.TaskDir(task.Name), File.ReadAllBytes(rc.Home.PromptFile(task.Name))) { Environment = env };
        string? restored = null;
        if (handoff is null && task.AgentSessionId is { } stored && new SessionSnapshots(rc.Home, task.Name, rc.Clock).RestoreIfNeeded(stored) is { } from)
        {
            // The agent's file was deleted, cut short or rolled back: the conversation goes on from the last copy.
            restored = $"session restored from the snapshot of attempt {from.Attempt}";
            rc.Output.Note($"[shepherd] {restored}");
        }
        var plan = LaunchPlan.For(rc, task, adapter, ctx, store.LastAttempt(task.Id), handoff);
        if (AgentRegistry.FindExecutable(adapter, env) is not { } exe)
        {
            store.TryFinish(task.Id, TaskState.Failed, $"agent binary missing: {task.Agent} not found ({AgentRegistry.BinaryVariable(task.Agent)} or PATH)");
            return null;
        }
        var launch = plan.Launch;
        var resume = plan.Kind == "resume";
        var attempt = store.BeginAttempt(task.Id, Launchable, plan.Kind, plan.SessionId, launch.Arguments, rc.BootId, plan.KeepFollowUp, plan.Prompt);
        if (attempt is null) return null; // a stop was accepted or the task changed meanwhile: the loop looks again
        var followUpNote = plan.Note;
        rc.Output.Note(resume ? $"[shepherd] attempt {attempt.Number}: resuming {task.Agent} session {task.AgentSessionId}"
            : plan.Kind == "handoff" ? $"[shepherd] attempt {attempt.Number}: a fresh {task.Agent} conversation with handoff prompt {handoff!.Value.Number} ({task.HandoffReason})"
            : $"[shepherd] attempt {attempt.Number}: starting {task.Agent}");
        if (followUpNote is not null) rc.Output.Note(followUpNote);
        env["PWD"] = task.ProjectDir;
        env[AgentGroup.MarkerVariable] = AgentGroup.Marker(rc.Home, attempt.Id);
        var parser = adapter.NewParser(ctx);
        if (resume) parser.Facts.ResumedId = task.AgentSessionId;
        var sink = new LineSink(parser, id => rc.Inbox.Post(new RunnerEvent.SessionIdSeen(attempt.Id, id)),
            m => rc.Inbox.Post(new RunnerEvent.OutputFailed(m)), rc.Clock, () => rc.Inbox.Post(new RunnerEvent.TurnEnded(attempt.Id)),
            () => rc.Inbox.Post(new RunnerEvent.Answered(attempt.Id)));
        var direct = rc.Options.DirectOutput ? rc.Output.BeginDirect(sink, m => rc.Inbox.Post(new RunnerEvent.OutputFailed(m))) : null;
        IChildProcess child;
        try { child = rc.Launcher.Start(new LaunchSpec(exe, launch.Arguments, env, task.ProjectDir, launch.Stdin, direct?.AgentFd)); }
        catch (IOException e)
        {
            direct?.Dispose();
            ConcludeUnstarted(rc, task, attempt, e);
            return null;
        }
        direct?.CloseAgentFd(); // the agent has its own copy
        return new AgentAttempt(rc, task, attempt, adapter, ctx, child, sink, direct) { Restored = restored, ExpectedId = plan.ExpectedId };
    }

    /// <summary>posix_spawn failed: EAGAIN/ENOMEM pass (retry per the policy), anything else will not.</summary>
    private static void ConcludeUnstarted(RunnerContext rc, TaskRecord task, AttemptRecord attempt, IOException e)
    {
        var transient = e is SpawnException { Transient: true };
        var verdict = new Verdict(transient ? AttemptOutcome.Retryable : AttemptOutcome.NonRetryable, $"cannot start the agent: {e.Message}");
        var fresh = rc.Store.GetTask(task.Id)!;
        var c = AttemptDecisions.AfterExit(fresh, attempt, rc.Store.ListAttempts(task.Id), ExitStatus.Unknown, verdict, TimeSpan.Zero,
            rc.Clock.GetUtcNow(), MonotonicTime.Now(rc.Clock, rc.BootId), Random.Shared.NextDouble(), null) with { Exit = null };
        rc.Store.Conclude(c);
        AttemptNotes.Ended(rc, attempt, null, c, rc.Store.GetTask(task.Id) ?? fresh);
    }
}

/// <summary>The lines the runner writes to the pane and the log about an attempt's end.</summary>
internal static class AttemptNotes
{
    public static void Ended(RunnerContext rc, AttemptRecord attempt, ExitStatus? exit, Conclusion c, TaskRecord task)
    {
        var outcome = c.Outcome?.Text() ?? "checking";
        rc.Output.Note($"[shepherd] attempt {attempt.Number} ended: {exit?.ToString() ?? "not started"} → {outcome} ({c.Detail})");
        if (c.Outcome == AttemptOutcome.UsageLimited) rc.Output.Note($"[shepherd] {c.Reason}: no resume before then, no restart spent");
        else if (c.Next == TaskState.Backoff && c.NextAttemptAt is { } at && c.Reason is not null && !c.Reason.StartsWith("runner got"))
        {
            var how = task.AgentSessionId is null ? "running the prompt again" : $"resuming session {task.AgentSessionId}";
            var wait = at - rc.Clock.GetUtcNow();
            rc.Output.Note(wait > TimeSpan.Zero ? $"[shepherd] {how} in {Duration.Format(wait)}" : $"[shepherd] {how} now");
        }
        if (c.Next == TaskState.Starting) rc.Output.Note("[shepherd] a follow-up was queued: running it next");
    }
}
