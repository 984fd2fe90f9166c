using System.Text.Json.Nodes;

namespace Shepherd.FakeModel;

/// <summary>Gemini API (Gemini CLI): <c>:streamGenerateContent?alt=sse</c> answers <c>data:</c>-only chunks, each a
/// <c>GenerateContentResponse</c> (<c>candidates[0].content.parts</c>, <c>finishReason</c>, <c>usageMetadata</c>); here one chunk
/// carries the text, the tool calls (<c>functionCall</c> parts) and <c>finishReason: STOP</c>. Errors are
/// <c>{"error":{"code","message","status"}}</c>.</summary>
internal sealed class GeminiFormat : IReplyFormat
{
    public Task WriteStreamAsync(SseWriter sse, ReplyContext reply, CancellationToken cancellationToken) =>
        sse.WriteAsync(null, CompleteAnswer(reply).ToJsonString(), cancellationToken);

    public JsonObject CompleteAnswer(ReplyContext reply)
    {
        var parts = new JsonArray();
        if (reply.HasText) parts.Add(new JsonObject { ["text"] = reply.Text });
        foreach (var call in reply.ToolCalls)
            parts.Add(new JsonObject { ["functionCall"] = new JsonObject { ["id"] = call.Id, ["name"] = call.Name, ["args"] = JsonNode.Parse(call.ArgumentsJson) } });
        return new JsonObject
        {
            ["candidates"] = new JsonArray(new JsonObject
            {
                ["content"] = new JsonObject { ["role"] = "model", ["parts"] = parts },
                ["finishReason"] = "STOP",
                ["index"] = 0,
            }),
            ["usageMetadata"] = new JsonObject
            {
                ["promptTokenCount"] = reply.InputTokens,
                ["candidatesTokenCount"] = reply.OutputTokens,
                ["totalTokenCount"] = reply.TotalTokens,
            },
            ["modelVersion"] = reply.Model,
            ["responseId"] = "resp_" + reply.Id,
        };
    }

    public JsonObject ErrorBody(int statusCode, string message) => new()
    {
        ["error"] = new JsonObject { ["code"] = statusCode, ["message"] = message, ["status"] = Status(statusCode) },
    };

    /// <summary>The google.rpc status the Gemini API sends with each HTTP status.</summary>
    private static string Status(int code) => code switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        500 => "INTERNAL",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "UNKNOWN",
    };
}
