namespace Shepherd.Store;

/// <summary>What list shows of a task's attempts: how many, the exit of the last one that ended, and how many were
/// handoffs to a fresh conversation.</summary>
public sealed record AttemptSummary(int Count, bool AnyEnded, int? LastExitCode, int? LastSignal, int Handoffs = 0)
{
    /// <summary>What all the task's attempts reported (null: none reported any).</summary>
    public Spend.Usage? Usage { get; init; }
}
