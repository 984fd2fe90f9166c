namespace Shepherd.Store;

/// <summary>What list shows of a task's attempts: how many, and the exit of the last one that ended.</summary>
public sealed record AttemptSummary(int Count, bool AnyEnded, int? LastExitCode, int? LastSignal);
