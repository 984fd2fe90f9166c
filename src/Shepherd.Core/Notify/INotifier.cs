using Shepherd.Store;

namespace Shepherd.Notify;

/// <summary>Sends one notification; returns null when the receiver confirmed it, else why not.</summary>
public interface INotifier
{
    string? Send(OutboxItem item, IReadOnlyDictionary<string, string> taskEnvironment);
}

/// <summary>The text every human-facing notifier uses, as the seed wrote it.</summary>
internal static class NotificationText
{
    public static string Of(OutboxItem i) => $"{i.Agent} {i.State}: {i.TaskName}" + (i.Reason is { } r ? $" ({r})" : "");
}
