using Shepherd.Platform;

namespace Shepherd.Agents;

/// <summary>succeeded, retryable or non-retryable, and why.</summary>
public sealed record Outcome(string Kind, string Detail)
{
    public const string Succeeded = "succeeded", Retryable = "retryable", NonRetryable = "non-retryable",
        Stopped = "stopped", Lost = "lost";

    public DateTimeOffset? RetryAfter { get; init; }
}

/// <summary>Maps an agent's exit and what its output said to an outcome. One table for all agents:
/// the adapters' parsers turn each CLI's own error events into the same facts.</summary>
public static class ExitClassifier
{
    public static Outcome Classify(ExitStatus exit, AgentRunFacts facts)
    {
        if (exit.Signal is { } sig)
            return new Outcome(Outcome.Retryable, $"killed by {Signals.Name(sig)}");
        if (exit.Code is 126 or 127)
            return new Outcome(Outcome.NonRetryable, $"agent could not be executed (exit {exit.Code})");
        if (exit.Code is > 128 and < 160)
            return new Outcome(Outcome.Retryable, $"exit {exit.Code} (killed by {Signals.Name(exit.Code.Value - 128)})");
        if (facts.SessionMissing)
            return new Outcome(Outcome.NonRetryable, $"the agent cannot find session {facts.SessionId ?? "?"}");
        if (facts.RateLimited || facts.StatusCode == 429)
            return new Outcome(Outcome.Retryable, "rate limited" + Message(facts)) { RetryAfter = facts.RetryAfter };
        if (facts.ApiError || exit.Code != 0)
        {
            var what = facts.ApiError ? "model API error" : $"exit {exit.Code}";
            if (facts.ApiError && exit.Code != 0) what += $" (exit {exit.Code})";
            if (facts.StatusCode is 401 or 403)
                return new Outcome(Outcome.NonRetryable, $"authentication refused{Message(facts)}");
            if (facts.StatusCode is 400 or 404 or 413 or 422 || facts.ErrorRetryable == false)
                return new Outcome(Outcome.NonRetryable, $"request rejected{Message(facts)}");
            if (facts.UsageError && !facts.ApiError)
                return new Outcome(Outcome.NonRetryable, $"bad arguments (exit {exit.Code}){Message(facts)}");
            return new Outcome(Outcome.Retryable, what + Message(facts));
        }
        return new Outcome(Outcome.Succeeded, "exit 0");
    }

    private static string Message(AgentRunFacts f) =>
        f.ErrorMessage is { Length: > 0 } m ? ": " + Tasks.Printable.Escape(m, 160) : "";
}
