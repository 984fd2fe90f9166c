namespace Shepherd.Agents;

/// <summary>One thing the agent did, in a person's words: what it said, a command or tool it ran, an error, the end of a
/// turn. <see cref="Kind"/> is one of said, ran, error, turn, session.</summary>
public sealed record TranscriptLine(string Kind, string Text)
{
    public static TranscriptLine Said(string text) => new("said", text);
    public static TranscriptLine Ran(string text) => new("ran", text);
    public static TranscriptLine Error(string text) => new("error", text);
    public static TranscriptLine Turn(string text) => new("turn", text);
    public static TranscriptLine Session(string id) => new("session", $"conversation {id}");

    /// <summary>How a view prints it on one line.</summary>
    public override string ToString() => Kind switch
    {
        "said" => Text,
        "ran" => "$ " + Text,
        "error" => "error: " + Text,
        _ => "— " + Text,
    };
}
