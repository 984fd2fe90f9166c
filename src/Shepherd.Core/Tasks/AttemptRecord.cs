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
    /// <summary>Null while the attempt runs, and while the success check after it runs.</summary>
    public AttemptOutcome? Outcome { get; init; }
    public string? Detail { get; init; }
    public int? Pid { get; init; }
    public long? PidStartTicks { get; init; }
    public string? BootId { get; init; }
    public IReadOnlyList<string> Argv { get; init; } = [];
    /// <summary>How long the agent ran, on a monotonic clock (a wall-clock jump does not change it).</summary>
    public TimeSpan? RunTime { get; init; }
    /// <summary>The monotonic clock's reading (ms, in boot <see cref="BootId"/>) when it ended: see <see cref="MonotonicTime"/>.</summary>
    public long? EndedMonotonicMs { get; init; }
    /// <summary>The agent answered the prompt the attempt gave it (an assistant message or a finished turn after it).</summary>
    public bool Answered { get; init; }
    /// <summary>Which prompt the attempt gave: <see cref="AttemptPrompts"/>.</summary>
    public string? Prompt { get; init; }
    /// <summary>The tokens and cost the agent reported for this attempt (null: none reported).</summary>
    public Spend.Usage? Usage { get; init; }

    public TimeSpan Duration => RunTime ?? (EndedAt is { } e ? e - StartedAt : TimeSpan.Zero);
}
