using System.Text;
using System.Text.Json;

namespace Shepherd.Agents;

/// <summary>Reads the agent's output lines into <see cref="AgentRunFacts"/>. Works on bytes: only a stdout line that
/// starts with '{' can be an event and is parsed; stderr lines are decoded for the agent's own error messages.</summary>
public abstract class AgentOutputParser
{
    private const int MaxEvent = 4 * 1024 * 1024, MaxStderrLine = 4096;

    public AgentRunFacts Facts { get; } = new();

    /// <summary>Returns the session id when this line revealed it for the first time.</summary>
    public string? OnLine(ReadOnlyMemory<byte> line, bool fromStderr)
    {
        var before = Facts.SessionId;
        if (fromStderr) OnStderrLine(line);
        else if (line.Length is > 0 and < MaxEvent && line.Span[0] == (byte)'{') OnEventLine(line);
        return Facts.SessionId is { } id && id != before ? id : null;
    }

    /// <summary>For tests and callers that hold text.</summary>
    public string? OnLine(string line, bool fromStderr) => OnLine(Encoding.UTF8.GetBytes(line), fromStderr);

    private void OnEventLine(ReadOnlyMemory<byte> line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind == JsonValueKind.Object) OnEvent(doc.RootElement);
        }
        catch (JsonException) { /* not JSON after all */ }
    }

    private void OnStderrLine(ReadOnlyMemory<byte> line)
    {
        var text = Encoding.UTF8.GetString(line.Span[..Math.Min(line.Length, MaxStderrLine)]).TrimEnd('\r');
        if (ErrorPatterns.IsUsageError(text)) Facts.UsageError = true;
        if (ErrorPatterns.IsRateLimit(text)) Facts.StderrRateLimit = text;
        if (UsageLimits.Read(text) is { } limit) Facts.StderrUsageLimit = limit;
        if (ConversationErrors.HandoffReason(text) is not null) Facts.StderrConversationError = text;
        OnStderr(text);
    }

    /// <summary>One JSON event of the agent's protocol.</summary>
    protected abstract void OnEvent(JsonElement e);

    /// <summary>One line of the agent's stderr (its own messages, never the model's text).</summary>
    protected virtual void OnStderr(string line) { }

    protected void Terminal(TerminalEvent e) => Facts.Last = e;

    /// <summary>The text blocks of a message's <c>content</c> (a string, or a list of blocks with <c>type: text</c>).</summary>
    public static string? ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content)) return null;
        if (content.ValueKind == JsonValueKind.String) return content.GetString();
        if (content.ValueKind != JsonValueKind.Array) return null;
        var texts = content.EnumerateArray()
            .Where(b => b.ValueKind == JsonValueKind.Object && Str(b, "type") == "text" && Str(b, "text") is not null)
            .Select(b => Str(b, "text")!).ToList();
        return texts.Count == 0 ? null : string.Join("\n", texts);
    }

    public static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static JsonElement? Obj(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    protected static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    protected static bool? Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
}
