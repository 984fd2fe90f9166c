using Shepherd.Store;

namespace Shepherd.Cli;

/// <summary>One outbox row as <c>status</c> shows it: which notifier, for which event, whether it was delivered,
/// and why not. A webhook is shown by its origin only: its path and query often carry a token.</summary>
public sealed record NotificationView(
    string Notifier, string Event, string Status, int Tries, DateTimeOffset? DeliveredAt, string? LastError)
{
    public const string Delivered = "delivered";
    public const string Retrying = "retrying";
    public const string Pending = "pending";

    public static NotificationView From(OutboxItem o) => new(
        Redact(o.Notifier), o.State,
        o.DeliveredAt is not null ? Delivered : o.LastError is not null ? Retrying : Pending,
        o.Tries, o.DeliveredAt, o.DeliveredAt is null ? o.LastError : null);

    public static string Redact(string spec) =>
        spec.StartsWith("webhook:") && Uri.TryCreate(spec[8..], UriKind.Absolute, out var uri) && uri.PathAndQuery is not ("/" or "")
            ? $"webhook:{uri.GetLeftPart(UriPartial.Authority)}/…"
            : spec;
}
