using System.Text.Json.Nodes;

namespace Shepherd.FakeModel;

/// <summary>OpenAI Responses API (Codex): full event sequence ending in <c>response.completed</c>.</summary>
internal sealed class ResponsesFormat : IReplyFormat
{
    public async Task WriteStreamAsync(SseWriter sse, ReplyContext reply, CancellationToken cancellationToken)
    {
        var seq = 0;
        var itemId = "msg_" + reply.Id;
        async Task Send(string type, JsonObject payload)
        {
            payload["type"] = type;
            payload["sequence_number"] = seq++;
            await sse.WriteAsync(type, payload.ToJsonString(), cancellationToken).ConfigureAwait(false);
        }

        await Send("response.created", new() { ["response"] = Response(reply, "in_progress", withOutput: false) });
        await Send("response.in_progress", new() { ["response"] = Response(reply, "in_progress", withOutput: false) });
        await Send("response.output_item.added", new()
        {
            ["output_index"] = 0,
            ["item"] = new JsonObject { ["id"] = itemId, ["type"] = "message", ["status"] = "in_progress", ["role"] = "assistant", ["content"] = new JsonArray() },
        });
        await Send("response.content_part.added", new()
        {
            ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0, ["part"] = TextPart(""),
        });
        await Send("response.output_text.delta", new()
        {
            ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0, ["delta"] = reply.Text,
        });
        await Send("response.output_text.done", new()
        {
            ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0, ["text"] = reply.Text,
        });
        await Send("response.content_part.done", new()
        {
            ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0, ["part"] = TextPart(reply.Text),
        });
        await Send("response.output_item.done", new() { ["output_index"] = 0, ["item"] = MessageItem(reply) });
        await Send("response.completed", new() { ["response"] = Response(reply, "completed", withOutput: true) });
    }

    public JsonObject CompleteAnswer(ReplyContext reply) => Response(reply, "completed", withOutput: true);

    public JsonObject ErrorBody(int statusCode, string message) => OpenAiError.Body(statusCode, message);

    private static JsonObject Response(ReplyContext reply, string status, bool withOutput)
    {
        var response = new JsonObject
        {
            ["id"] = "resp_" + reply.Id,
            ["object"] = "response",
            ["created_at"] = reply.CreatedUnix,
            ["status"] = status,
            ["model"] = reply.Model,
            ["output"] = withOutput ? new JsonArray(MessageItem(reply)) : new JsonArray(),
        };
        if (withOutput)
        {
            response["usage"] = new JsonObject
            {
                ["input_tokens"] = reply.InputTokens,
                ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
                ["output_tokens"] = reply.OutputTokens,
                ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
                ["total_tokens"] = reply.TotalTokens,
            };
        }
        return response;
    }

    private static JsonObject MessageItem(ReplyContext reply) => new()
    {
        ["id"] = "msg_" + reply.Id,
        ["type"] = "message",
        ["status"] = "completed",
        ["role"] = "assistant",
        ["content"] = new JsonArray(TextPart(reply.Text)),
    };

    private static JsonObject TextPart(string text) => new()
    {
        ["type"] = "output_text",
        ["text"] = text,
        ["annotations"] = new JsonArray(),
    };
}
