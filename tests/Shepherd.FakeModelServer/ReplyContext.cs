namespace Shepherd.FakeModel;

/// <summary>Values a reply format needs to build an answer.</summary>
internal sealed record ReplyContext(string Id, string Model, string Text, int InputTokens)
{
    public int OutputTokens => Math.Max(1, Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);

    public int TotalTokens => InputTokens + OutputTokens;

    /// <summary>Tool calls the answer makes after its text.</summary>
    public IReadOnlyList<ToolCall> ToolCalls { get; init; } = [];

    /// <summary>True when the answer has a text part: always unless it only calls tools.</summary>
    public bool HasText => Text.Length > 0 || ToolCalls.Count == 0;

    public long CreatedUnix { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static ReplyContext For(RecordedRequest request, string text) =>
        new($"{request.Sequence}", request.Model ?? "fake-model", text, Math.Max(1, request.Body.Length / 4));
}
