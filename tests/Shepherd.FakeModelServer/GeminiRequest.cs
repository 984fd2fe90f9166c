using System.Text.Json;

namespace Shepherd.FakeModel;

/// <summary>A Gemini API request: the model is in the path (<c>/v1beta/models/&lt;model&gt;:streamGenerateContent</c>),
/// streaming is the method's name, and the user texts are the <c>text</c> parts of the <c>role: "user"</c> entries of
/// <c>contents</c>, one per part (Gemini CLI merges a killed turn's prompt and the next one into one content).</summary>
internal static class GeminiRequest
{
    public static (string? Model, bool Stream, IReadOnlyList<string> UserTexts) Parse(ApiKind kind, string body, string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var model = name.IndexOf(':') is var colon and > 0 ? name[..colon] : null;
        return (model, kind == ApiKind.Gemini, UserTexts(body));
    }

    private static List<string> UserTexts(string body)
    {
        var texts = new List<string>();
        if (string.IsNullOrWhiteSpace(body)) return texts;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("contents", out var contents)
                || contents.ValueKind != JsonValueKind.Array) return texts;
            foreach (var content in contents.EnumerateArray())
            {
                if (content.ValueKind != JsonValueKind.Object || Str(content, "role") != "user") continue;
                if (!content.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array) continue;
                foreach (var part in parts.EnumerateArray())
                    if (part.ValueKind == JsonValueKind.Object && Str(part, "text") is { } text
                        && !(part.TryGetProperty("thought", out var thought) && thought.ValueKind == JsonValueKind.True))
                        texts.Add(text);
            }
        }
        catch (JsonException) { /* not JSON: no texts */ }
        return texts;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
