using Shepherd.Tasks;

namespace Shepherd.Agents;

/// <summary>How an attempt ended, and why; <see cref="RetryAfter"/> is how long the agent said to wait (a rate limit).</summary>
public sealed record Verdict(AttemptOutcome Outcome, string Detail, TimeSpan? RetryAfter = null);
