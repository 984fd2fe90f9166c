using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>What an attempt's end decides, as pure functions of the task (freshly read), its history, the clock
/// and a jitter: the outcome, the next state, when to resume and with which prompt.</summary>
public static class AttemptDecisions
{
    /// <summary>How long the agent ran since the last explicit start or resume (what the max runtime limits).</summary>
    public static TimeSpan RuntimeUsed(TaskRecord task, IEnumerable<AttemptRecord> history) =>
        history.Where(a => a.Number >= task.BudgetFrom && a.EndedAt is not null)
            .Aggregate(TimeSpan.Zero, (sum, a) => sum + a.Duration);

    /// <summary>How long to wait when the agent hit its usage limit without saying until when ("try again later").</summary>
    public static readonly TimeSpan UnknownResetWait = TimeSpan.FromMinutes(15);

    /// <param name="zone">The zone of a reset the agent printed without one (its machine's: the clock's local zone).</param>
    public static Conclusion AfterExit(TaskRecord task, AttemptRecord attempt, IReadOnlyList<AttemptRecord> history,
        ExitStatus exit, Verdict verdict, TimeSpan runTime, DateTimeOffset now, MonotonicTime mono, double jitter, int? runnerSignal,
        TimeZoneInfo? zone = null, bool platform = false)
    {
        Conclusion Make(AttemptOutcome? o, string detail, TaskState next) =>
            new(task.Id, attempt.Id, exit, o, detail, next) { RunTime = runTime, EndedMonotonicMs = mono.Milliseconds };

        if (task.StopRequest != StopRequest.None)
            return Stopped(task, attempt, null) with { Exit = exit, RunTime = runTime, EndedMonotonicMs = mono.Milliseconds };
        if (verdict.Handoff is { } handoff && runnerSignal is null)
            return HandOff(task, history, Make(AttemptOutcome.HandedOff, verdict.Detail, TaskState.Backoff), handoff, now);
        switch (verdict.Outcome)
        {
            case AttemptOutcome.Succeeded when task.CheckCommand is not null:
                return Make(null, "the agent finished its turn; running the check", TaskState.Checking);
            case AttemptOutcome.Succeeded:
                return Succeeded(task, attempt, Make(AttemptOutcome.Succeeded, verdict.Detail, TaskState.Succeeded));
            case AttemptOutcome.NonRetryable:
                return Make(AttemptOutcome.NonRetryable, verdict.Detail, TaskState.Failed) with { Reason = verdict.Detail };
        }
        if (verdict.UsageLimit is { } limit && runnerSignal is null)
            return UsageLimited(Make(AttemptOutcome.UsageLimited, verdict.Detail, TaskState.Backoff), limit, now, jitter, zone ?? TimeZoneInfo.Utc);
        if (runnerSignal is { } sig)
        {
            // The runner itself is being ended (tmux killed, shutdown): recover resumes at once, nothing to wait for.
            // Under an engine (shepherd run), the signal is the platform's: eviction, preemption, a job cancelled or
            // requeued. Not a user's stop: the next run resumes.
            var why = platform ? $"interrupted by the platform ({Signals.Name(sig)})" : $"runner got {Signals.Name(sig)}";
            return Make(AttemptOutcome.Retryable, $"{verdict.Detail} ({why})", TaskState.Backoff) with { Reason = why, NextAttemptAt = now };
        }
        return Retry(task, attempt, history, Make(AttemptOutcome.Retryable, verdict.Detail, TaskState.Backoff), runTime, verdict.RetryAfter,
            now, mono, jitter, null);
    }

    public static Conclusion AfterCheck(TaskRecord task, AttemptRecord attempt, IReadOnlyList<AttemptRecord> history, CheckRecord check,
        DateTimeOffset now, MonotonicTime mono, double jitter, string continuePrompt)
    {
        var run = attempt.RunTime ?? TimeSpan.Zero;
        if (task.StopRequest != StopRequest.None) return Stopped(task, attempt, null) with { Check = check };
        if (check.Passed)
            return Succeeded(task, attempt, new Conclusion(task.Id, attempt.Id, null, AttemptOutcome.Succeeded, "exit 0; the check passed",
                TaskState.Succeeded) { Check = check });
        var what = check.TimedOut ? "timed out" : check.Signal is { } s ? $"killed by {Signals.Name(s)}" : $"exit {check.ExitCode}";
        var detail = $"the check failed ({what})";
        // Without a conversation to resume, the next attempt runs the original prompt again: the check's report would
        // reach nobody, and kept for after that run it would be stale. Only a user's follow-up is kept (null: unchanged).
        var prompt = task.AgentSessionId is null ? null
            : $"{task.ResumePrompt ?? continuePrompt}\n\nThe check `{check.Command}` failed ({what}). Its output (last part):\n{check.Output}";
        return Retry(task, attempt, history, new Conclusion(task.Id, attempt.Id, null, AttemptOutcome.Retryable, detail, TaskState.Backoff)
            { Check = check }, run, null, now, mono, jitter, prompt);
    }

    /// <summary>The conversation cannot go on: the next attempt opens a fresh one with a handoff prompt, at once — unless
    /// the task's handoffs are spent, then it fails with why.</summary>
    private static Conclusion HandOff(TaskRecord task, IReadOnlyList<AttemptRecord> history, Conclusion c, string why, DateTimeOffset now)
    {
        var used = history.Count(a => a.Kind == "handoff");
        if (used >= task.MaxHandoffs)
            return c with
            {
                Outcome = AttemptOutcome.NonRetryable, Next = TaskState.Failed,
                Reason = task.MaxHandoffs == 0 ? c.Detail : $"{c.Detail}; the {task.MaxHandoffs} handoff(s) allowed are spent",
            };
        return c with { Reason = $"handing off to a fresh conversation ({used + 1} of {task.MaxHandoffs}): {why}", NextAttemptAt = now, HandoffReason = why };
    }

    /// <summary>The agent's account hit its usage limit: wait until the reset it named (or <see cref="UnknownResetWait"/>),
    /// a few seconds more so that tasks of one account do not all come back in the same second. Nothing of the
    /// restart budget is spent, and the wait may outlast the max runtime, which counts running time only.</summary>
    private static Conclusion UsageLimited(Conclusion c, UsageLimit limit, DateTimeOffset now, double jitter, TimeZoneInfo zone)
    {
        var reset = limit.ResetAt(now, zone) ?? now + UnknownResetWait;
        var until = (reset > now ? reset : now) + TimeSpan.FromSeconds(1 + 4 * jitter);
        var local = TimeZoneInfo.ConvertTime(until, zone);
        var shown = local.Date == TimeZoneInfo.ConvertTime(now, zone).Date ? $"{local:HH:mm:ss}" : $"{local:ddd d MMM HH:mm}";
        return c with { Reason = $"waiting for usage limit until {shown}{(limit.Reset is null ? " (no reset time given; trying again then)" : "")}", NextAttemptAt = until };
    }

    /// <summary>The one way to <c>stopped</c>: a stop (or removal) the task's owner accepted, concluded once nothing of
    /// the attempt runs — after the agent's exit, after its check, by a takeover, or at once when nothing ran.
    /// <paramref name="open"/> is the attempt that was in progress (null: none); <paramref name="how"/> says more.</summary>
    public static Conclusion Stopped(TaskRecord task, AttemptRecord? open, string? how)
    {
        var removed = task.StopRequest == StopRequest.Remove;
        var why = removed ? "removed" : "stopped by user";
        return new Conclusion(task.Id, open?.Id, null, open is null ? null : AttemptOutcome.Stopped, how is null ? why : $"{why}; {how}",
            TaskState.Stopped) { Reason = why, Notify = !removed };
    }

    /// <summary>A success ends the task unless a follow-up was queued meanwhile: then that runs next.</summary>
    private static Conclusion Succeeded(TaskRecord task, AttemptRecord attempt, Conclusion c) =>
        task.ResumePrompt is not null ? c with { Next = TaskState.Starting, BudgetFrom = attempt.Number + 1 } : c;

    private static Conclusion Retry(TaskRecord task, AttemptRecord attempt, IReadOnlyList<AttemptRecord> history, Conclusion c,
        TimeSpan runTime, TimeSpan? retryAfter, DateTimeOffset now, MonotonicTime mono, double jitter, string? nextPrompt)
    {
        var earlier = history.Where(a => a.Id != attempt.Id && a.Number >= task.BudgetFrom).ToList();
        var runs = earlier.Where(a => a.EndedAt is not null && a.Outcome.CountsAsFailure())
            .Select(a => new RunSpan(a.EndedAt!.Value, a.Duration) { Age = mono.Since(a.BootId, a.EndedMonotonicMs) })
            .Append(new RunSpan(now, runTime) { Age = TimeSpan.Zero }).ToList();
        var used = RuntimeUsed(task, earlier) + runTime;
        return RestartDecider.Decide(runs, used, now, task.Policy, retryAfter, jitter) switch
        {
            RestartDecision.GiveUp g => c with { Next = TaskState.Failed, Reason = g.Reason },
            RestartDecision.ResumeAt r => c with { Reason = c.Detail, NextAttemptAt = r.When, ResumePrompt = nextPrompt },
            _ => throw new InvalidOperationException(),
        };
    }
}
