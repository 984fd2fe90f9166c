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

    /// <summary>The running attempt, or null when none was started (concluded, refused, or the task changed).</summary>
    public static AgentAttempt? Start(RunnerContext rc, TaskRecord task)
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
        var previous = store.LastAttempt(task.Id);
        string? restored = null;
        if (task.AgentSessionId is { } stored && new SessionSnapshots(rc.Home, task.Name, rc.Clock).RestoreIfNeeded(stored) is { } from)
        {
            // The agent's file was deleted, cut short or rolled back: the conversation goes on from the last copy.
            restored = $"session restored from the snapshot of attempt {from.Attempt}";
            rc.Output.Note($"[shepherd] {restored}");
        }
        var resume = task.AgentSessionId is { } sid && adapter.CanResume(ctx, sid);
        var (keepFollowUp, followUpNote) = (false, (string?)null);
        if (!resume && task.ResumePrompt is { } followUp)
        {
            // A follow-up without a conversation to go to. Until the original prompt has run to its end, the follow-up
            // waits (kept by BeginAttempt) and runs after it, as a resume: as if the first turn had lived. If the
            // original prompt did end and there is still nothing to resume (an agent that never showed its id), a
            // new conversation gets both prompts in order: keeping the follow-up again would repeat the original forever.
            var originalRan = previous is { Outcome: AttemptOutcome.Succeeded };
            if (originalRan) ctx = ctx with { PromptBytes = [.. ctx.PromptBytes, .. "\n\n"u8, .. Encoding.UTF8.GetBytes(followUp)] };
            keepFollowUp = !originalRan;
            followUpNote = originalRan
                ? "[shepherd] no conversation to resume: a new one gets the original prompt, then the follow-up"
                : "[shepherd] the follow-up waits until the original prompt has run: no conversation to resume yet";
        }
        var launch = resume
            ? adapter.Resume(ctx, task.AgentSessionId!, Encoding.UTF8.GetBytes(task.ResumePrompt ?? rc.Options.ContinuePrompt))
            : adapter.Start(ctx);
        if (AgentRegistry.FindExecutable(adapter, env) is not { } exe)
        {
            store.TryFinish(task.Id, TaskState.Failed, $"agent binary missing: {task.Agent} not found ({AgentRegistry.BinaryVariable(task.Agent)} or PATH)");
            return null;
        }
        var attempt = store.BeginAttempt(task.Id, Launchable, resume ? "resume" : "start", resume ? task.AgentSessionId : launch.SessionId,
            launch.Arguments, rc.BootId, keepFollowUp);
        if (attempt is null) return null; // a stop was accepted or the task changed meanwhile: the loop looks again
        rc.Output.Note(resume
            ? $"[shepherd] attempt {attempt.Number}: resuming {task.Agent} session {task.AgentSessionId}"
            : $"[shepherd] attempt {attempt.Number}: starting {task.Agent}");
        if (followUpNote is not null) rc.Output.Note(followUpNote);
        env["PWD"] = task.ProjectDir;
        env[AgentGroup.MarkerVariable] = AgentGroup.Marker(rc.Home, attempt.Id);
        var parser = adapter.NewParser(ctx);
        if (resume) parser.Facts.ResumedId = task.AgentSessionId;
        var sink = new LineSink(parser, id => rc.Inbox.Post(new RunnerEvent.SessionIdSeen(attempt.Id, id)),
            m => rc.Inbox.Post(new RunnerEvent.OutputFailed(m)), rc.Clock, () => rc.Inbox.Post(new RunnerEvent.TurnEnded(attempt.Id)));
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
        return new AgentAttempt(rc, task, attempt, adapter, ctx, child, sink, direct) { Restored = restored };
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
            rc.Output.Note($"[shepherd] {how} in {Duration.Format(at - rc.Clock.GetUtcNow())}");
        }
        if (c.Next == TaskState.Starting) rc.Output.Note("[shepherd] a follow-up was queued: running it next");
    }
}
