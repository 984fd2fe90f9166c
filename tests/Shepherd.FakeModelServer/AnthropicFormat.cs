using System.Text.Json.Nodes;

namespace Shepherd.FakeModel;

/// <summary>Anthropic Messages API (Claude Code): <c>message_start</c> … <c>message_stop</c>; a text block, then one
/// <c>tool_use</c> block per tool call (its input streamed as <c>input_json_delta</c>), <c>stop_reason: tool_use</c>.</summary>
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
        var index = 0;
        if (reply.HasText)
        {
            await Send("content_block_start", new() { ["index"] = index, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } });
            await Send("content_block_delta", new() { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = reply.Text } });
            await Send("content_block_stop", new() { ["index"] = index++ });
        }
        foreach (var call in reply.ToolCalls)
        {
            await Send("content_block_start", new()
            {
                ["index"] = index,
                ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = new JsonObject() },
            });
            await Send("content_block_delta", new()
            {
                ["index"] = index,
                ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = call.ArgumentsJson },
            });
            await Send("content_block_stop", new() { ["index"] = index++ });
        }
        await Send("message_delta", new()
        {
            ["delta"] = new JsonObject { ["stop_reason"] = StopReason(reply), ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = reply.OutputTokens },
        });
        await Send("message_stop", new());
    }

    public JsonObject CompleteAnswer(ReplyContext reply)
    {
        var content = new JsonArray();
        if (reply.HasText) content.Add(new JsonObject { ["type"] = "text", ["text"] = reply.Text });
        foreach (var call in reply.ToolCalls)
            content.Add(new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = JsonNode.Parse(call.ArgumentsJson) });
        return Message(reply, content, StopReason(reply));
    }

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

    private static string StopReason(ReplyContext reply) => reply.ToolCalls.Count > 0 ? "tool_use" : "end_turn";

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
