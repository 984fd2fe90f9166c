namespace Shepherd.FakeModel;

/// <summary>One request as the server received it, recorded before it was answered.</summary>
public sealed record RecordedRequest
{
    /// <summary>1-based arrival order.</summary>
    public required int Sequence { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required string Method { get; init; }

    /// <summary>Path without the query string, e.g. <c>/v1/messages</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Query string including the leading <c>?</c>, or empty.</summary>
    public required string Query { get; init; }

    public required ApiKind Kind { get; init; }

    /// <summary>The body's <c>model</c> field, if any.</summary>
    public string? Model { get; init; }

    /// <summary>The body's <c>stream</c> field.</summary>
    public bool Stream { get; init; }

    /// <summary>
    /// Text of every user message, in order, one entry per text part/block
    /// (Responses <c>input_text</c>, Chat string or <c>text</c> part, Anthropic <c>text</c> block, Gemini <c>parts[].text</c> of a
    /// <c>role: "user"</c> content).
    /// </summary>
    public IReadOnlyList<string> UserTexts { get; init; } = [];

    /// <summary>Tool results the client sent back, in message order.</summary>
    public IReadOnlyList<ToolResult> ToolResults { get; init; } = [];

    /// <summary>The last tool result in the conversation (the one this turn answers), or null.</summary>
    public ToolResult? LastToolResult => ToolResults.Count > 0 ? ToolResults[^1] : null;

    /// <summary>Raw request body (empty for bodiless requests).</summary>
    public string Body { get; init; } = "";

    /// <summary>Request headers (first value of each, case-insensitive names).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>True for Responses, Chat, Anthropic and Gemini conversation requests (the ones that get a model answer
    /// from the rules); false for probes and Gemini CLI's side calls.</summary>
    public bool IsModelCall => Kind is not (ApiKind.Other or ApiKind.GeminiSide);

    /// <summary>The last user text (the prompt of this turn), or empty.</summary>
    public string LastUserText => UserTexts.Count > 0 ? UserTexts[^1] : "";

    /// <summary>All user texts except the last one (the history).</summary>
    public IReadOnlyList<string> EarlierUserTexts => UserTexts.Count > 1 ? UserTexts.Take(UserTexts.Count - 1).ToArray() : [];

    /// <summary>True if any user text contains <paramref name="fragment"/> (ordinal).</summary>
    public bool AnyUserTextContains(string fragment) => UserTexts.Any(t => t.Contains(fragment, StringComparison.Ordinal));

    /// <summary>One-line summary for logs.</summary>
    public override string ToString()
    {
        var last = LastUserText.ReplaceLineEndings(" ");
        if (last.Length > 120) last = last[..120] + "…";
        return $"#{Sequence} {Timestamp:HH:mm:ss.fff} {Method} {Path}{Query} kind={Kind} model={Model ?? "-"} stream={Stream} userTexts={UserTexts.Count} toolResults={ToolResults.Count} last=\"{last}\"";
    }
}
