using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shepherd.FakeModel;

/// <summary>Gemini CLI's own calls beside the conversation (<c>:generateContent</c>, never streamed): routing, session
/// summaries, next-speaker and loop checks. They carry the prompt too, so no prompt rule applies to them: each gets a plain
/// answer at once, a JSON object that satisfies the request's <c>generationConfig.responseJsonSchema</c> (or
/// <c>responseSchema</c>) when it asks for one, else "OK".</summary>
internal static class GeminiSideCall
{
    public static JsonObject Answer(RecordedRequest request)
    {
        var text = Schema(request.Body) is { } schema ? (Value(schema) ?? new JsonObject()).ToJsonString() : "OK";
        return new GeminiFormat().CompleteAnswer(ReplyContext.For(request, text));
    }

    private static JsonElement? Schema(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("generationConfig", out var config) && config.ValueKind == JsonValueKind.Object
                   && (config.TryGetProperty("responseJsonSchema", out var s) || config.TryGetProperty("responseSchema", out s))
                   && s.ValueKind == JsonValueKind.Object
                ? s.Clone()
                : null;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>The simplest value of a JSON schema (OpenAPI-style upper-case types too): an object with its required
    /// properties (all, when none is listed), an enum's first value, "fake", the minimum or 1, false, [].</summary>
    private static JsonNode? Value(JsonElement schema)
    {
        if (schema.TryGetProperty("enum", out var options) && options.ValueKind == JsonValueKind.Array && options.GetArrayLength() > 0)
            return JsonNode.Parse(options[0].GetRawText());
        var type = schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()!.ToLowerInvariant() : "object";
        switch (type)
        {
            case "object":
                var result = new JsonObject();
                if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object) return result;
                var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
                    ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet() : null;
                foreach (var p in properties.EnumerateObject())
                    if (required is null || required.Contains(p.Name)) result[p.Name] = Value(p.Value);
                return result;
            case "string": return "fake";
            case "integer" or "number": return schema.TryGetProperty("minimum", out var min) && min.ValueKind == JsonValueKind.Number ? min.GetDouble() : 1;
            case "boolean": return false;
            case "array": return new JsonArray();
            default: return null;
        }
    }
}
