using System.Text.Json;

namespace Shepherd.FakeModel;

/// <summary>Extracts the tool results from a model request body: Anthropic user messages' <c>tool_result</c>
/// blocks, Chat <c>role: "tool"</c> messages, Responses <c>function_call_output</c> items, Gemini <c>functionResponse</c> parts.</summary>
internal static class ToolResultParser
{
    public static IReadOnlyList<ToolResult> Parse(ApiKind kind, string body)
    {
        if (kind == ApiKind.Other || string.IsNullOrWhiteSpace(body)) return [];
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var list = root.ValueKind == JsonValueKind.Object && root.TryGetProperty(ListName(kind), out var items)
                       && items.ValueKind == JsonValueKind.Array ? items : default;
            if (list.ValueKind != JsonValueKind.Array) return [];
            var results = new List<ToolResult>();
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) continue;
                switch (kind)
                {
                    case ApiKind.Anthropic when Str(item, "role") == "user" && item.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array:
                        foreach (var block in content.EnumerateArray())
                            if (block.ValueKind == JsonValueKind.Object && Str(block, "type") == "tool_result")
                                results.Add(new ToolResult(Str(block, "tool_use_id") ?? "", TextOf(block, "content"),
                                    block.TryGetProperty("is_error", out var e) && e.ValueKind == JsonValueKind.True));
                        break;
                    case ApiKind.Chat when Str(item, "role") == "tool":
                        results.Add(new ToolResult(Str(item, "tool_call_id") ?? "", TextOf(item, "content"), false));
                        break;
                    case ApiKind.Responses when Str(item, "type") == "function_call_output":
                        results.Add(new ToolResult(Str(item, "call_id") ?? "", TextOf(item, "output"), false));
                        break;
                    case ApiKind.Gemini when Str(item, "role") == "user" && item.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array:
                        foreach (var part in parts.EnumerateArray())
                            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("functionResponse", out var fr) && fr.ValueKind == JsonValueKind.Object)
                                results.Add(FunctionResponse(fr));
                        break;
                }
            }
            return results;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string ListName(ApiKind kind) => kind switch
    {
        ApiKind.Responses => "input",
        ApiKind.Gemini => "contents",
        _ => "messages",
    };

    /// <summary>Gemini's <c>{"functionResponse":{"id","name","response":{"output":…}|{"error":…}}}</c>.</summary>
    private static ToolResult FunctionResponse(JsonElement fr)
    {
        var response = fr.TryGetProperty("response", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        var error = response.ValueKind == JsonValueKind.Object && response.TryGetProperty("error", out _);
        var text = response.ValueKind != JsonValueKind.Object ? "" : TextOf(response, error ? "error" : "output");
        return new ToolResult(Str(fr, "id") ?? Str(fr, "name") ?? "", text, error);
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A string, or the text parts of an array of content parts, joined by newlines.</summary>
    private static string TextOf(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v)) return "";
        if (v.ValueKind == JsonValueKind.String) return v.GetString()!;
        if (v.ValueKind != JsonValueKind.Array) return v.ToString();
        return string.Join("\n", v.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object).Select(p => Str(p, "text")).OfType<string>());
    }
}
