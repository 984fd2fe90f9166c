namespace Shepherd.Agents;

/// <summary>One thing the agent did, in a person's words: what it said, a command or tool it ran, an error, the end of a
/// turn; besides those, Shepherd's own notes in the log and lines the agent printed as plain text. <see cref="Kind"/> is
/// one of said, ran, error, turn, session, note (Shepherd's), text (not an event).</summary>
public sealed record TranscriptLine(string Kind, string Text)
{
    public static TranscriptLine Said(string text) => new("said", text);
    public static TranscriptLine Ran(string text) => new("ran", text);
    public static TranscriptLine Error(string text) => new("error", text);
    public static TranscriptLine Turn(string text) => new("turn", text);
    public static TranscriptLine Session(string id) => new("session", $"conversation {id}");
    public static TranscriptLine Note(string text) => new("note", text);
    public static TranscriptLine Plain(string text) => new("text", text);

    /// <summary>A piece of a reply the agent streams in pieces (Gemini's <c>message</c> deltas): a view joins it to the pieces
    /// before it, so the reply reads as one message.</summary>
    public bool Delta { get; init; }

    /// <summary>This piece after <paramref name="before"/>, the pieces of one reply, or null when they are not.</summary>
    public TranscriptLine? After(TranscriptLine? before) =>
        Delta && before is { Kind: "said", Delta: true } ? before with { Text = before.Text + Text } : null;

    /// <summary>What the agent said or did (not the turn's end, a session id or Shepherd's note): what <c>list</c> shows.</summary>
    public bool IsAgentWork => Kind is "said" or "ran" or "error" or "text";

    /// <summary>How a view prints it on one line.</summary>
    public override string ToString() => Kind switch
    {
        "said" => Text,
        "ran" => "$ " + Text,
        "error" => "error: " + Text,
        "note" => "[shepherd] " + Text,
        "text" => Text,
        _ => "— " + Text,
    };
}
