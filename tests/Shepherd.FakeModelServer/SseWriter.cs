using System.Text;
using Microsoft.AspNetCore.Http;

namespace Shepherd.FakeModel;

/// <summary>Writes server-sent events, flushing after each event.</summary>
internal sealed class SseWriter(HttpResponse response)
{
    /// <summary>Sends status 200 and the SSE headers immediately.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one event: an optional <c>event:</c> line, one <c>data:</c> line, a blank line.</summary>
    public async Task WriteAsync(string? eventName, string data, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        if (eventName is not null) text.Append("event: ").Append(eventName).Append('\n');
        text.Append("data: ").Append(data).Append("\n\n");
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
