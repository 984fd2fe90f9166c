using System.Text.Json.Nodes;

namespace Shepherd.FakeModel;

/// <summary>OpenAI Chat Completions (OpenCode, Pi): <c>data:</c>-only chunks ending in <c>[DONE]</c>.</summary>
internal sealed class ChatFormat : IReplyFormat
{
    public async Task WriteStreamAsync(SseWriter sse, ReplyContext reply, CancellationToken cancellationToken)
    {
        var content = Chunk(reply, new JsonObject { ["role"] = "assistant", ["content"] = reply.Text }, finishReason: null);
        await sse.WriteAsync(null, content.ToJsonString(), cancellationToken).ConfigureAwait(false);

        var finish = Chunk(reply, new JsonObject(), finishReason: "stop");
        finish["usage"] = Usage(reply);
        await sse.WriteAsync(null, finish.ToJsonString(), cancellationToken).ConfigureAwait(false);

        await sse.WriteAsync(null, "[DONE]", cancellationToken).ConfigureAwait(false);
    }

    public JsonObject CompleteAnswer(ReplyContext reply) => new()
    {
        ["id"] = "chatcmpl_" + reply.Id,
        ["object"] = "chat.completion",
        ["created"] = reply.CreatedUnix,
        ["model"] = reply.Model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = Usage(reply),
    };

    public JsonObject ErrorBody(int statusCode, string message) => OpenAiError.Body(statusCode, message);

    private static JsonObject Chunk(ReplyContext reply, JsonObject delta, string? finishReason) => new()
    {
        ["id"] = "chatcmpl_" + reply.Id,
        ["object"] = "chat.completion.chunk",
        ["created"] = reply.CreatedUnix,
        ["model"] = reply.Model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["finish_reason"] = finishReason,
        }),
    };

    private static JsonObject Usage(ReplyContext reply) => new()
    {
        ["prompt_tokens"] = reply.InputTokens,
        ["completion_tokens"] = reply.OutputTokens,
        ["total_tokens"] = reply.TotalTokens,
    };
}
