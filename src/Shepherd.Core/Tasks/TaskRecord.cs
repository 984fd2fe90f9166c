namespace Shepherd.Tasks;

/// <summary>A task as stored.</summary>
public sealed record TaskRecord
{
    public long Id { get; init; }
    public required string Name { get; init; }
    public required string Agent { get; init; }
    public required string ProjectDir { get; init; }
    public required string TmuxSession { get; init; }
    public string State { get; init; } = TaskState.Starting;
    public string? Reason { get; init; }
    public string? AgentSessionId { get; init; }
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];
    public IReadOnlyList<string> Notify { get; init; } = [];
    public RestartPolicy Policy { get; init; } = RestartPolicy.Default;
    public bool StopRequested { get; init; }
    public string? ResumePrompt { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public int? RunnerPid { get; init; }
    public long? RunnerStartTicks { get; init; }
    public string? RunnerBootId { get; init; }
    /// <summary>When recover last launched a runner for this task.</summary>
    public DateTimeOffset? RunnerLaunchedAt { get; init; }
    public DateTimeOffset? LastOutputAt { get; init; }
    public DateTimeOffset? StalledSince { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public bool IsFinal => TaskState.IsFinal(State);
}
