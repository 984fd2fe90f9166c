using System.Text.Json;

namespace Shepherd.FakeModel;

/// <summary>Classifies a request by path and extracts model and user texts from its JSON body.</summary>
internal static class RequestParser
{
    public static ApiKind Classify(string method, string path)
    {
        if (!HttpMethodIs(method, "POST")) return ApiKind.Other;
        var p = path.TrimEnd('/');
        if (p.EndsWith("/responses", StringComparison.OrdinalIgnoreCase)) return ApiKind.Responses;
        if (p.EndsWith("/chat/completions", StringComparison.OrdinalIgnoreCase)) return ApiKind.Chat;
        if (p.EndsWith("/messages", StringComparison.OrdinalIgnoreCase)) return ApiKind.Anthropic;
        if (p.EndsWith(":streamGenerateContent", StringComparison.OrdinalIgnoreCase)) return ApiKind.Gemini;
        if (p.EndsWith(":generateContent", StringComparison.OrdinalIgnoreCase)) return ApiKind.GeminiSide;
        return ApiKind.Other;
    }

    public static bool IsCountTokens(string method, string path) =>
        HttpMethodIs(method, "POST") && path.TrimEnd('/').EndsWith("/messages/count_tokens", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gemini's <c>POST …/models/&lt;model&gt;:countTokens</c>, answered <c>{"totalTokens":N}</c>.</summary>
    public static bool IsGeminiCountTokens(string method, string path) =>
        HttpMethodIs(method, "POST") && path.EndsWith(":countTokens", StringComparison.OrdinalIgnoreCase);

    public static (string? Model, bool Stream, IReadOnlyList<string> UserTexts) ParseBody(ApiKind kind, string body, string path = "")
    {
        if (kind is ApiKind.Gemini or ApiKind.GeminiSide) return GeminiRequest.Parse(kind, body, path);
        if (string.IsNullOrWhiteSpace(body)) return (null, false, []);
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, false, []);
            var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
            var listName = kind == ApiKind.Responses ? "input" : "messages";
            var texts = new List<string>();
            if (root.TryGetProperty(listName, out var items))
            {
                CollectUserTexts(items, texts);
            }
            return (model, stream, texts);
        }
        catch (JsonException)
        {
            return (null, false, []);
        }
    }

    /// <summary>
    /// Works for all three formats: items/messages with <c>role:"user"</c> whose <c>content</c> is a
    /// string or a list of parts of type <c>input_text</c> / <c>text</c>.
    /// </summary>
    private static void CollectUserTexts(JsonElement items, List<string> texts)
    {
        if (items.ValueKind == JsonValueKind.String)
        {
            texts.Add(items.GetString()!); // Responses API also accepts a bare string input.
            return;
        }
        if (items.ValueKind != JsonValueKind.Array) return;
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            if (!item.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String || role.GetString() != "user") continue;
            if (!item.TryGetProperty("content", out var content)) continue;
            if (content.ValueKind == JsonValueKind.String)
            {
                texts.Add(content.GetString()!);
                continue;
            }
            if (content.ValueKind != JsonValueKind.Array) continue;
            foreach (var part in content.EnumerateArray())
            {
                if (part.ValueKind != JsonValueKind.Object) continue;
                var type = part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (type is not ("text" or "input_text")) continue;
                if (part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    texts.Add(text.GetString()!);
                }
            }
        }
    }

    private static bool HttpMethodIs(string method, string expected) =>
        string.Equals(method, expected, StringComparison.OrdinalIgnoreCase);
}
