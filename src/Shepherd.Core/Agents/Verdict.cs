using Shepherd.Tasks;

namespace Shepherd.Agents;

/// <summary>How an attempt ended, and why; <see cref="RetryAfter"/> is how long the agent said to wait (a rate limit),
/// <see cref="UsageLimit"/> the account's usage limit it said it reached (wait for its reset rather than retry),
/// <see cref="Handoff"/> why the conversation cannot go on (<see cref="ConversationErrors"/>): resuming it would fail the
/// same way, so the work continues in a fresh conversation.</summary>
public sealed record Verdict(AttemptOutcome Outcome, string Detail, TimeSpan? RetryAfter = null)
{
    public UsageLimit? UsageLimit { get; init; }
    /// <summary>Why the conversation cannot go on (refused by the API, past the context window, lost, not resumed):
    /// the task goes on in a fresh conversation with a handoff prompt.</summary>
    public string? Handoff { get; init; }
}
