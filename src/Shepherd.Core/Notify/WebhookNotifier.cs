using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Shepherd.Store;

namespace Shepherd.Notify;

/// <summary>POSTs JSON with a stable id (also in the Idempotency-Key header) so a receiver can drop the
/// rare duplicate; any 2xx confirms delivery.</summary>
public sealed class WebhookNotifier(string url, HttpClient http) : INotifier
{
    /// <summary>How long a receiver may take to answer (the HttpClient's own timeout).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public string? Send(OutboxItem item, IReadOnlyDictionary<string, string> env)
    {
        var payload = new WebhookPayload(item.NotificationId, item.TaskName, item.Agent, item.State, item.Reason,
            item.ProjectDir, item.CreatedAt, NotificationText.Of(item)) { Kind = item.Kind, Output = item.OutputLine };
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(payload, NotifyJson.Default.WebhookPayload), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", item.NotificationId);
        try
        {
            using var response = http.Send(request);
            return response.IsSuccessStatusCode ? null : $"webhook answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return $"webhook failed: {e.Message}";
        }
    }
}

public sealed record WebhookPayload(string Id, string Task, string Agent, string State, string? Reason, string ProjectDir,
    DateTimeOffset At, string Text)
{
    /// <summary>done, failed, stopped, stalled or needs-you.</summary>
    public string Kind { get; init; } = "";
    /// <summary>The agent's last line of output, when there is one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Output { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class NotifyJson : JsonSerializerContext;
