namespace Shepherd.Store;

/// <summary>One notification to deliver: a notifier and the final state it announces.</summary>
public sealed record OutboxItem(
    long Id, long? TaskId, string NotificationId, string Notifier, string TaskName, string Agent, string ProjectDir,
    string State, string? Reason, DateTimeOffset CreatedAt, int Tries, DateTimeOffset? DeliveredAt, string? LastError);
