namespace Shepherd.Store;

/// <summary>One notification to deliver: a notifier and the final state it announces.</summary>
public sealed record OutboxItem(
    long Id, long? TaskId, string NotificationId, string Notifier, string TaskName, string Agent, string ProjectDir,
    string State, string? Reason, DateTimeOffset CreatedAt, int Tries, DateTimeOffset? DeliveredAt, string? LastError)
{
    /// <summary>done, failed, stopped, stalled or needs-you (<see cref="Notify.NotificationKinds"/>).</summary>
    public string Kind { get; init; } = Notify.NotificationKinds.Of(State, Reason);

    /// <summary>The agent's last line of output when the notification is sent (a person's words where the adapter has them).</summary>
    public string? OutputLine { get; init; }
}
