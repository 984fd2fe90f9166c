namespace Shepherd.Tasks;

/// <summary>What to do after a retryable exit.</summary>
public abstract record RestartDecision
{
    public sealed record ResumeAt(DateTimeOffset When) : RestartDecision;
    public sealed record GiveUp(string Reason) : RestartDecision;
}

/// <summary>One ended run of the agent, as the restart policy sees it.</summary>
public sealed record RunSpan(DateTimeOffset Started, DateTimeOffset Ended);
