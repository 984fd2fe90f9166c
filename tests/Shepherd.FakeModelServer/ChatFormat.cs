using System.Text.Json.Nodes;

namespace Shepherd.FakeModel;

/// <summary>OpenAI Chat Completions (OpenCode, Pi, OpenClaw): <c>data:</c>-only chunks ending in <c>[DONE]</c>; tool
/// calls as <c>delta.tool_calls</c> (name first, then the arguments) and <c>finish_reason: tool_calls</c>.</summary>
internal sealed class ChatFormat : IReplyFormat
{
    public async Task WriteStreamAsync(SseWriter sse, ReplyContext reply, CancellationToken cancellationToken)
    {
        var content = Chunk(reply, new JsonObject { ["role"] = "assistant", ["content"] = reply.HasText ? reply.Text : "" }, finishReason: null);
        await sse.WriteAsync(null, content.ToJsonString(), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < reply.ToolCalls.Count; i++)
        {
            var call = reply.ToolCalls[i];
            var named = new JsonObject
            {
                ["index"] = i, ["id"] = call.Id, ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = "" },
            };
            await sse.WriteAsync(null, Chunk(reply, new JsonObject { ["tool_calls"] = new JsonArray(named) }, null).ToJsonString(), cancellationToken).ConfigureAwait(false);
            var args = new JsonObject { ["index"] = i, ["function"] = new JsonObject { ["arguments"] = call.ArgumentsJson } };
            await sse.WriteAsync(null, Chunk(reply, new JsonObject { ["tool_calls"] = new JsonArray(args) }, null).ToJsonString(), cancellationToken).ConfigureAwait(false);
        }

        var finish = Chunk(reply, new JsonObject(), FinishReason(reply));
        finish["usage"] = Usage(reply);
        await sse.WriteAsync(null, finish.ToJsonString(), cancellationToken).ConfigureAwait(false);

        await sse.WriteAsync(null, "[DONE]", cancellationToken).ConfigureAwait(false);
    }

    public JsonObject CompleteAnswer(ReplyContext reply)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.HasText ? reply.Text : null };
        if (reply.ToolCalls.Count > 0)
            message["tool_calls"] = new JsonArray(reply.ToolCalls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id, ["type"] = "function", ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.ArgumentsJson },
            }).ToArray());
        return new JsonObject
        {
            ["id"] = "chatcmpl_" + reply.Id,
            ["object"] = "chat.completion",
            ["created"] = reply.CreatedUnix,
            ["model"] = reply.Model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = FinishReason(reply) }),
            ["usage"] = Usage(reply),
        };
    }

    public JsonObject ErrorBody(int statusCode, string message) => OpenAiError.Body(statusCode, message);

    private static string FinishReason(ReplyContext reply) => reply.ToolCalls.Count > 0 ? "tool_calls" : "stop";

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
