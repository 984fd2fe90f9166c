namespace Shepherd.Tasks;

/// <summary>How one attempt ended, as decided from the agent's own protocol (or by the user, or by its loss).
/// <see cref="UsageLimited"/>: the agent's account hit its usage limit; the task waits for the reset, and the attempt
/// does not count against the restart budget.</summary>
/// <see cref="HandedOff"/>: the conversation could not go on; the task goes on in a fresh one (not a failure either).
public enum AttemptOutcome { Succeeded, Retryable, NonRetryable, Stopped, Lost, UsageLimited, HandedOff }

public static class AttemptOutcomes
{
    public static string Text(this AttemptOutcome o) => o switch
    {
        AttemptOutcome.Succeeded => "succeeded", AttemptOutcome.Retryable => "retryable",
        AttemptOutcome.NonRetryable => "non-retryable", AttemptOutcome.Stopped => "stopped", AttemptOutcome.UsageLimited => "usage-limited", AttemptOutcome.HandedOff => "handed-off",
        _ => "lost",
    };

    public static AttemptOutcome? Parse(string? text) => text switch
    {
        null => null,
        "succeeded" => AttemptOutcome.Succeeded, "retryable" => AttemptOutcome.Retryable,
        "non-retryable" => AttemptOutcome.NonRetryable, "stopped" => AttemptOutcome.Stopped, "lost" => AttemptOutcome.Lost,
        "usage-limited" => AttemptOutcome.UsageLimited, "handed-off" => AttemptOutcome.HandedOff,
        _ => throw new FormatException($"unknown attempt outcome '{text}'"),
    };

    /// <summary>Outcomes whose turn did not end: a follow-up it carried goes to the next resume again.</summary>
    public static bool TurnFailed(this AttemptOutcome? o) => o is AttemptOutcome.Retryable or AttemptOutcome.Lost or AttemptOutcome.UsageLimited;

    /// <summary>Outcomes that count against the restart budget.</summary>
    public static bool CountsAsFailure(this AttemptOutcome? o) => o is AttemptOutcome.Retryable or AttemptOutcome.Lost;
}
