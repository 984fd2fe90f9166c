namespace Shepherd.Tasks;

/// <summary>Which prompt an attempt gave the agent (<c>attempts.prompt</c>): what is sent again when the agent did not
/// answer it.</summary>
public static class AttemptPrompts
{
    /// <summary>The task's own prompt, opening its conversation.</summary>
    public const string Original = "original";
    /// <summary>A follow-up (or a failed check's report), given back by the store when its turn failed.</summary>
    public const string FollowUp = "follow-up";
    /// <summary>"Continue the previous task.": nothing to send again.</summary>
    public const string Continue = "continue";
    /// <summary>The handoff prompt that opened a fresh conversation: <c>handoff:N</c>, N its file's number.</summary>
    public const string HandoffPrefix = "handoff:";

    public static string Handoff(int n) => HandoffPrefix + n;

    /// <summary>The prompt that opened the attempt's conversation (sent again when it was never answered).</summary>
    public static bool OpensConversation(string? prompt) => prompt == Original || (prompt?.StartsWith(HandoffPrefix) ?? false);
}
