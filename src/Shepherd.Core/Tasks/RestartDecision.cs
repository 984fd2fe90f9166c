namespace Shepherd.Tasks;

/// <summary>What to do after a retryable exit.</summary>
public abstract record RestartDecision
{
    /// <param name="When">The wall-clock time, for people and for a runner that starts later.</param>
    /// <param name="Wait">The same as a duration, which the runner waits on a monotonic clock.</param>
    public sealed record ResumeAt(DateTimeOffset When, TimeSpan Wait) : RestartDecision;
    public sealed record GiveUp(string Reason) : RestartDecision;
}

/// <summary>One ended run of the agent, as the restart policy sees it: when it ended and how long it ran.</summary>
public sealed record RunSpan(DateTimeOffset Ended, TimeSpan Length)
{
    /// <summary>How long ago it ended on the monotonic clock (see <see cref="MonotonicTime"/>); null: unknown, and the
    /// wall clock's now − <see cref="Ended"/> stands in.</summary>
    public TimeSpan? Age { get; init; }
}
