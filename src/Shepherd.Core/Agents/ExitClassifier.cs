using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Agents;

/// <summary>The rules every adapter's verdict shares: the exit (code or signal) and the agent's last terminal event
/// decide, in that order; an error's kind comes from its status and the agent's own retryable flag. A usage limit
/// reported in the agent's error event or on stderr outranks every other reading of a failed run. A conversation that
/// cannot go on (<see cref="ConversationErrors"/>) is NonRetryable with <see cref="Verdict.Handoff"/>: resuming it would
/// fail the same way.</summary>
public static class ExitClassifier
{
    /// <param name="turnEnd">The agent's turn-end event, named when an exit 0 came without it.</param>
    public static Verdict Classify(ExitStatus exit, AgentRunFacts facts, string turnEnd = "its turn-end event")
    {
        if (exit.Signal is { } sig) return new(AttemptOutcome.Retryable, $"killed by {Signals.Name(sig)}");
        if (exit.Code is null) return new(AttemptOutcome.Retryable, "exit status unknown");
        if (exit.Code is 126 or 127) return new(AttemptOutcome.NonRetryable, $"agent could not be executed (exit {exit.Code})");
        if (exit.Code is > 128 and < 160) return new(AttemptOutcome.Retryable, $"exit {exit.Code} (killed by {Signals.Name(exit.Code.Value - 128)})");
        if (facts.SessionMissing)
            return new(AttemptOutcome.NonRetryable, (facts.SessionId ?? facts.ResumedId) is { } id ? $"the agent cannot find session {id}" : "the agent cannot find the session it was asked to resume")
            { Handoff = ConversationErrors.SessionNotFound };
        switch (facts.Last)
        {
            case { Success: true } when exit.Code == 0:
                return new(AttemptOutcome.Succeeded, "exit 0");
            case { Success: false } error:
                return Error(error, exit, facts);
        }
        if (exit.Code != 0)
        {
            if (facts.UsageError) return new(AttemptOutcome.NonRetryable, $"bad arguments (exit {exit.Code}){Message(facts.UsageMessage)}");
            if (facts.StderrUsageLimit is { } limit) return UsageLimited(limit, facts);
            if (facts.StderrRateLimit is { } line)
                return new(AttemptOutcome.Retryable, $"rate limited (exit {exit.Code}){Message(line)}", ErrorPatterns.RetryAfter(line));
            if (ConversationErrors.HandoffReason(facts.StderrConversationError) is { } why)
                return CannotGoOn(why, $" (exit {exit.Code})", facts.StderrConversationError);
            return new(AttemptOutcome.Retryable, facts.Last is null ? $"exit {exit.Code}" : $"exit {exit.Code} after a finished turn");
        }
        // Every agent prints its turn-end event on every turn it ends, finished or failed: without it, the turn was cut
        // short (Claude exits 0 when interrupted), and resuming the conversation continues it.
        return new(AttemptOutcome.Retryable, $"exit 0 without {turnEnd}: the turn did not finish");
    }

    /// <summary>The verdict on an error the agent reported in its terminal event (its status, words and retryable flag).</summary>
    internal static Verdict Error(TerminalEvent e, ExitStatus exit, AgentRunFacts facts)
    {
        if ((UsageLimits.Read(e.Message) ?? facts.StderrUsageLimit) is { } limit) return UsageLimited(limit, facts);
        var status = e.Status ?? ErrorPatterns.Status(e.Message);
        var exitNote = exit.Code == 0 ? "" : $" (exit {exit.Code})";
        if (status == 429 || ErrorPatterns.IsRateLimit(e.Message))
            return new(AttemptOutcome.Retryable, $"rate limited{exitNote}{Message(e.Message)}",
                ErrorPatterns.RetryAfter(e.Message) ?? ErrorPatterns.RetryAfter(facts.StderrRateLimit));
        if ((e.Handoff ?? ConversationErrors.HandoffReason(e.Message) ?? ConversationErrors.HandoffReason(facts.StderrConversationError)) is { } why)
            return CannotGoOn(why, exitNote, e.Message ?? facts.StderrConversationError);
        if (status is 401 or 403) return new(AttemptOutcome.NonRetryable, $"authentication refused{Message(e.Message)}");
        if (status is 400 or 404 or 413 or 422 || e.Retryable == false)
            return new(AttemptOutcome.NonRetryable, $"request rejected{Message(e.Message)}");
        return new(AttemptOutcome.Retryable, $"model API error{exitNote}{Message(e.Message)}");
    }

    private static Verdict CannotGoOn(string why, string exitNote, string? said) =>
        new(AttemptOutcome.NonRetryable, $"{why}{exitNote}{Message(said)}") { Handoff = why };

    private static Verdict UsageLimited(UsageLimit limit, AgentRunFacts facts)
    {
        if (facts.LimitResetsAt is { } exactly) limit = limit with { Reset = new UsageReset.Exactly(exactly) };
        return new(AttemptOutcome.Retryable, $"usage limit reached: {Printable.Escape(limit.Message, 300)}") { UsageLimit = limit };
    }

    private static string Message(string? m) => m is { Length: > 0 } ? ": " + Printable.Escape(m, 160) : "";
}
