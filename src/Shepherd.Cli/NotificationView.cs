using Shepherd.Notify;
using Shepherd.Store;

namespace Shepherd.Cli;

/// <summary>One outbox row as <c>status</c> shows it: which notifier, for which event, whether it was delivered,
/// and why not. A webhook is shown by its origin only: its path and query often carry a token.</summary>
public sealed record NotificationView(
    string Notifier, string Event, string Status, int Tries, DateTimeOffset? DeliveredAt, string? LastError)
{
    /// <summary>done, failed, stopped, stalled or needs-you.</summary>
    public string Kind { get; init; } = "";

    public const string Delivered = "delivered";
    public const string Retrying = "retrying";
    public const string Pending = "pending";

    public static NotificationView From(OutboxItem o) => new(
        NotifierSpec.Describe(o.Notifier), o.State,
        o.DeliveredAt is not null ? Delivered : o.LastError is not null ? Retrying : Pending,
        o.Tries, o.DeliveredAt, o.DeliveredAt is not null || o.LastError is null ? null : NotifierSpec.Redact(o.Notifier, o.LastError)) { Kind = o.Kind };
}

/// <summary>One of the task's notifiers as <c>status</c> shows it (a URL by its origin), with the kinds it gets
/// (<c>--notify-on</c>; left out: every kind).</summary>
public sealed record NotifierView(string Notifier, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] List<string>? On)
{
    public static List<NotifierView> Of(Tasks.TaskRecord task) =>
        task.Notify.Distinct().Select(n => new NotifierView(NotifierSpec.Describe(n), NotificationKinds.For(task.NotifyOn, n) is { Count: > 0 } k ? k : null)).ToList();
}
