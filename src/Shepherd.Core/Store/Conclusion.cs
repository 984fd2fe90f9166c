using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Store;

/// <summary>Everything one attempt's end changes, stored in one transaction: the exit, the outcome, the session id the
/// agent showed, the task's next state, when to resume, the prompt of the next attempt, the check that ran, and the
/// notifications. <see cref="AttemptId"/> is null when no attempt was in progress (a stop while nothing ran).</summary>
public sealed record Conclusion(long TaskId, long? AttemptId, ExitStatus? Exit, AttemptOutcome? Outcome, string Detail, TaskState Next)
{
    /// <summary>The conversation the agent showed during the attempt (stored with its end, even if its event came late).</summary>
    public string? SessionId { get; init; }
    /// <summary>The agent answered the attempt's prompt.</summary>
    public bool Answered { get; init; }
    /// <summary>The tokens and cost the agent reported in the attempt (stored with its end; null leaves what was stored).</summary>
    public Spend.Usage? Usage { get; init; }
    /// <summary>Set when the conversation cannot go on: the next attempt is a fresh one with a handoff prompt.</summary>
    public string? HandoffReason { get; init; }
    public TimeSpan? RunTime { get; init; }
    /// <summary>The monotonic clock's reading (ms) at the attempt's end, stored with its first end only.</summary>
    public long? EndedMonotonicMs { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    /// <summary>Set to start counting the budgets anew (a queued follow-up runs next).</summary>
    public int? BudgetFrom { get; init; }
    /// <summary>When non-null, replaces the prompt of the next attempt ("" clears it).</summary>
    public string? ResumePrompt { get; init; }
    public CheckRecord? Check { get; init; }
    /// <summary>False for a removal: nobody is told about a task that is being deleted.</summary>
    public bool Notify { get; init; } = true;
}
