using System.Text.Json.Nodes;

namespace Shepherd.FakeModel;

/// <summary>OpenAI-style error body <c>{"error":{"type","code","message"}}</c>.</summary>
internal static class OpenAiError
{
    public static JsonObject Body(int statusCode, string message)
    {
        var type = statusCode == 429 ? "rate_limit_exceeded" : statusCode >= 500 ? "server_error" : "invalid_request_error";
        return new JsonObject
        {
            ["error"] = new JsonObject { ["type"] = type, ["code"] = type, ["message"] = message, ["param"] = null },
        };
    }
}
