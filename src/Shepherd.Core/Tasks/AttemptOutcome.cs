namespace Shepherd.Tasks;

/// <summary>How one attempt ended, as decided from the agent's own protocol (or by the user, or by its loss).</summary>
public enum AttemptOutcome { Succeeded, Retryable, NonRetryable, Stopped, Lost }

public static class AttemptOutcomes
{
    public static string Text(this AttemptOutcome o) => o switch
    {
        AttemptOutcome.Succeeded => "succeeded", AttemptOutcome.Retryable => "retryable",
        AttemptOutcome.NonRetryable => "non-retryable", AttemptOutcome.Stopped => "stopped", _ => "lost",
    };

    public static AttemptOutcome? Parse(string? text) => text switch
    {
        null => null,
        "succeeded" => AttemptOutcome.Succeeded, "retryable" => AttemptOutcome.Retryable,
        "non-retryable" => AttemptOutcome.NonRetryable, "stopped" => AttemptOutcome.Stopped, "lost" => AttemptOutcome.Lost,
        _ => throw new FormatException($"unknown attempt outcome '{text}'"),
    };

    /// <summary>Outcomes that count against the restart budget.</summary>
    public static bool CountsAsFailure(this AttemptOutcome? o) => o is AttemptOutcome.Retryable or AttemptOutcome.Lost;
}
