namespace Shepherd.Agents;

/// <summary>A terminal event of the agent's own protocol: it finished its turn, or it reported an error;
/// <see cref="Handoff"/> is set when the agent's protocol itself says the conversation cannot go on (OpenCode's
/// <c>ContextOverflowError</c>, Claude's <c>terminal_reason</c>, Pi's overflow compaction).</summary>
public sealed record TerminalEvent(bool Success, string? Message = null, int? Status = null, bool? Retryable = null)
{
    public static readonly TerminalEvent Finished = new(true);

    public string? Handoff { get; init; }
}

/// <summary>What the agent's output revealed about its run. The verdict reads only the agent's protocol: its last
/// terminal event, the error lines it wrote to stderr, and its exit; never the model's text.</summary>
public sealed class AgentRunFacts
{
    public string? SessionId { get; set; }
    /// <summary>The conversation id the agent reported in this run (for a resume: the one it continued).</summary>
    public string? ReportedId { get; set; }
    /// <summary>The agent answered the prompt it was given: an assistant message, or a turn it finished.</summary>
    public bool Answered { get; set; }
    /// <summary>The conversation the attempt was asked to resume (null for a start).</summary>
    public string? ResumedId { get; set; }
    /// <summary>The last terminal event; a later one (a retry that succeeded) outranks an earlier error.</summary>
    public TerminalEvent? Last { get; set; }
    /// <summary>The agent could not find the conversation it was asked to resume.</summary>
    public bool SessionMissing { get; set; }
    /// <summary>The agent rejected its command line.</summary>
    public bool UsageError { get; set; }
    /// <summary>Why, in the agent's words, when it rejected its command line.</summary>
    public string? UsageMessage { get; set; }
    /// <summary>The last line the agent wrote to stderr that speaks of a rate limit.</summary>
    public string? StderrRateLimit { get; set; }
    /// <summary>The last line the agent wrote to stderr that says its conversation cannot go on
    /// (<see cref="ConversationErrors.HandoffReason"/>).</summary>
    public string? StderrConversationError { get; set; }
    /// <summary>The last usage limit the agent reported on stderr.</summary>
    public UsageLimit? StderrUsageLimit { get; set; }
    /// <summary>When the limit the agent's structured event declared exhausted resets, to the second (Claude's
    /// <c>rate_limit_event</c>); its message names only the minute.</summary>
    public DateTimeOffset? LimitResetsAt { get; set; }
    /// <summary>The tokens and cost this attempt spent so far, as the agent reported them (null: it reported none).</summary>
    public Spend.Usage? Usage { get; set; }
}
