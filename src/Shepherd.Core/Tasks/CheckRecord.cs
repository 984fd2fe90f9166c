namespace Shepherd.Tasks;

/// <summary>One run of the user's success check (<c>start --check</c>) after an attempt the agent reported as a success.</summary>
public sealed record CheckRecord
{
    public long Id { get; init; }
    public long TaskId { get; init; }
    public int AttemptNumber { get; init; }
    public required string Command { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset EndedAt { get; init; }
    public int? ExitCode { get; init; }
    public int? Signal { get; init; }
    public bool TimedOut { get; init; }
    /// <summary>The last 8 KiB of what the check printed (stdout and stderr).</summary>
    public string Output { get; init; } = "";

    public bool Passed => ExitCode == 0 && !TimedOut;
}
