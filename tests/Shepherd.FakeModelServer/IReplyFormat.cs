using System.Text.Json.Nodes;

namespace Shepherd.FakeModel;

/// <summary>Wire format of one model API: streamed answer, complete answer, error body.</summary>
internal interface IReplyFormat
{
    /// <summary>Writes the whole SSE stream of an answer (headers already sent).</summary>
    Task WriteStreamAsync(SseWriter sse, ReplyContext reply, CancellationToken cancellationToken);

    /// <summary>The non-streaming JSON answer.</summary>
    JsonObject CompleteAnswer(ReplyContext reply);

    /// <summary>Error body for an HTTP error status.</summary>
    JsonObject ErrorBody(int statusCode, string message);
}
