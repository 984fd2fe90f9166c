namespace Shepherd.Agents;

/// <summary>What the agent's output revealed about its run, for classifying its exit.</summary>
public sealed class AgentRunFacts
{
    public string? SessionId { get; set; }
    /// <summary>The agent reported a model/API error (Pi exits 0 even then).</summary>
    public bool ApiError { get; set; }
    public string? ErrorMessage { get; set; }
    public int? StatusCode { get; set; }
    /// <summary>The agent's own verdict on whether its error is retryable (OpenCode's isRetryable).</summary>
    public bool? ErrorRetryable { get; set; }
    public bool RateLimited { get; set; }
    /// <summary>When the rate limit resets, if the agent said.</summary>
    public DateTimeOffset? RetryAfter { get; set; }
    /// <summary>The agent could not find the conversation it was asked to resume.</summary>
    public bool SessionMissing { get; set; }
    /// <summary>The agent rejected its command line.</summary>
    public bool UsageError { get; set; }
}
