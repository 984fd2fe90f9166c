using System.Net.Http.Headers;
using Shepherd.Store;

namespace Shepherd.Notify;

/// <summary>Posts to a chat service's webhook — Slack, Discord — or an ntfy topic, in its own format
/// (<see cref="ChatMessages"/>); any 2xx confirms delivery, anything else is retried by the outbox as for
/// <c>webhook:</c>.</summary>
public sealed class ChatNotifier(string service, string url, HttpClient http) : INotifier
{
    public string? Send(OutboxItem item, IReadOnlyDictionary<string, string> env)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (service == "ntfy")
        {
            request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(ChatMessages.Text(item)));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            foreach (var (name, value) in ChatMessages.NtfyHeaders(item)) request.Headers.TryAddWithoutValidation(name, value);
        }
        else
        {
            request.Content = new ByteArrayContent(service == "slack" ? ChatMessages.Slack(item) : ChatMessages.Discord(item));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }
        try
        {
            using var response = http.Send(request);
            return response.IsSuccessStatusCode ? null : $"{service} answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return $"{service} failed: {e.Message}";
        }
    }
}
