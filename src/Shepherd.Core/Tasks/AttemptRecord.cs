namespace Shepherd.Tasks;

/// <summary>One launch of the agent.</summary>
public sealed record AttemptRecord
{
    public long Id { get; init; }
    public long TaskId { get; init; }
    public int Number { get; init; }
    /// <summary>"start" (a new conversation with the original prompt) or "resume" (by session id).</summary>
    public required string Kind { get; init; }
    public string? AgentSessionId { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int? ExitCode { get; init; }
    public int? Signal { get; init; }
    /// <summary>succeeded, retryable, non-retryable, stopped or lost (the runner vanished).</summary>
    public string? Outcome { get; init; }
    public string? Detail { get; init; }
    public int? Pid { get; init; }
    public long? PidStartTicks { get; init; }
    public string? BootId { get; init; }
    public IReadOnlyList<string> Argv { get; init; } = [];
}
