namespace Shepherd.FakeModel;

/// <summary>Values a reply format needs to build an answer.</summary>
internal sealed record ReplyContext(string Id, string Model, string Text, int InputTokens)
{
    public int OutputTokens => Math.Max(1, Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);

    public int TotalTokens => InputTokens + OutputTokens;

    public long CreatedUnix { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static ReplyContext For(RecordedRequest request, string text) =>
        new($"{request.Sequence}", request.Model ?? "fake-model", text, Math.Max(1, request.Body.Length / 4));
}
