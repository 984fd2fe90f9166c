using System.Text.Json.Nodes;

namespace Shepherd.FakeModel;

/// <summary>Anthropic Messages API (Claude Code): <c>message_start</c> … <c>message_stop</c>.</summary>
internal sealed class AnthropicFormat : IReplyFormat
{
    public async Task WriteStreamAsync(SseWriter sse, ReplyContext reply, CancellationToken cancellationToken)
    {
        async Task Send(string type, JsonObject payload)
        {
            payload["type"] = type;
            await sse.WriteAsync(type, payload.ToJsonString(), cancellationToken).ConfigureAwait(false);
        }

        var started = Message(reply, new JsonArray(), stopReason: null);
        started["usage"] = new JsonObject { ["input_tokens"] = reply.InputTokens, ["output_tokens"] = 1 };
        await Send("message_start", new() { ["message"] = started });
        await Send("content_block_start", new()
        {
            ["index"] = 0,
            ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" },
        });
        await Send("content_block_delta", new()
        {
            ["index"] = 0,
            ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = reply.Text },
        });
        await Send("content_block_stop", new() { ["index"] = 0 });
        await Send("message_delta", new()
        {
            ["delta"] = new JsonObject { ["stop_reason"] = "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = reply.OutputTokens },
        });
        await Send("message_stop", new());
    }

    public JsonObject CompleteAnswer(ReplyContext reply) =>
        Message(reply, new JsonArray(new JsonObject { ["type"] = "text", ["text"] = reply.Text }), "end_turn");

    public JsonObject ErrorBody(int statusCode, string message)
    {
        var type = statusCode switch
        {
            429 => "rate_limit_error",
            529 => "overloaded_error",
            >= 500 => "api_error",
            _ => "invalid_request_error",
        };
        return new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
        };
    }

    private static JsonObject Message(ReplyContext reply, JsonArray content, string? stopReason) => new()
    {
        ["id"] = "msg_" + reply.Id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = reply.Model,
        ["content"] = content,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject { ["input_tokens"] = reply.InputTokens, ["output_tokens"] = reply.OutputTokens },
    };
}
