using System.Text;
using System.Text.Json;

namespace Shepherd.Agents;

/// <summary>Reads the agent's output lines into <see cref="AgentRunFacts"/>. Works on bytes: only a stdout line that
/// starts with '{' can be an event and is parsed; stderr lines are decoded for the agent's own error messages.</summary>
public abstract class AgentOutputParser
{
    private const int MaxEvent = 4 * 1024 * 1024, MaxStderrLine = 4096;

    public AgentRunFacts Facts { get; } = new();

    private Func<JsonElement, Spend.Usage?>? _usageIn;
    private bool _runningTotal;
    private Spend.Usage? _before;

    /// <summary>Counts the usage <paramref name="adapter"/> reads from each event into <see cref="AgentRunFacts.Usage"/>;
    /// <paramref name="conversationBefore"/> is what the resumed conversation had spent before this attempt (for an agent
    /// that reports running totals).</summary>
    public AgentOutputParser CountingUsage(IAgentAdapter adapter, Spend.Usage? conversationBefore = null)
    {
        (_usageIn, _runningTotal, _before) = (adapter.UsageIn, adapter.UsageIsConversationTotal, conversationBefore);
        return this;
    }

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
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return;
            OnEvent(doc.RootElement);
            if (_usageIn?.Invoke(doc.RootElement) is { } usage)
                Facts.Usage = _runningTotal ? usage.Since(_before) : Spend.Usage.Sum(Facts.Usage, usage);
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

    /// <summary>A whole number field (<paramref name="path"/> may be nested: "a.b"), or null.</summary>
    public static long? Long(JsonElement e, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e)) return null;
        }
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var n) && n >= 0 ? n : null;
    }

    /// <summary>A number field (nested: "a.b") as a decimal, or null.</summary>
    public static decimal? Decimal(JsonElement e, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e)) return null;
        }
        return e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var d) && d >= 0 ? d : null;
    }

    /// <summary>The sum of the fields that are present, or null when none is.</summary>
    public static long? Plus(params long?[] parts) => parts.All(p => p is null) ? null : parts.Sum(p => p ?? 0);

    protected static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    protected static bool? Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
}
