using System.Text.RegularExpressions;

namespace Shepherd.Agents;

/// <summary>Reads, out of the agent's own error text (an error event, a failed result, a stderr line; never the model's
/// text), that the conversation cannot go on however often it is resumed: the model API refuses its history (a tool call
/// without its result, or the reverse), it is past the model's context window, or the agent cannot load its session. The
/// forms are the pinned CLIs' own and those of the model APIs they pass on (docs/agents-found.md, "Conversations that
/// cannot go on").</summary>
public static partial class ConversationErrors
{
    public const string ToolCallWithoutResult = "the model refuses the conversation: a tool call without its result";
    public const string ToolResultWithoutCall = "the model refuses the conversation: a tool result without its call";
    public const string DuplicateToolCall = "the model refuses the conversation: a tool call id used twice";
    public const string PastContextWindow = "the conversation is past the model's context window";
    public const string SessionNotFound = "the agent cannot find its session";
    public const string SessionUnreadable = "the agent cannot load its session";

    // An API error body passed on whole (Codex, Pi) holds its message near the start; the rest is not read.
    private const int MaxText = 16 * 1024;

    /// <summary>Why the conversation this error text speaks of cannot go on; null when the text says nothing of the kind
    /// (a plain 400 for another reason included).</summary>
    public static string? HandoffReason(string? agentError)
    {
        if (agentError is not { Length: > 0 }) return null;
        var text = agentError.Length > MaxText ? agentError[..MaxText] : agentError;
        if (SessionUnreadableText().IsMatch(text)) return SessionUnreadable;
        if (DuplicateToolCallText().IsMatch(text)) return DuplicateToolCall;
        if (ToolResultWithoutCallText().IsMatch(text)) return ToolResultWithoutCall;
        if (ToolCallWithoutResultText().IsMatch(text)) return ToolCallWithoutResult;
        if (PastContextWindowText().IsMatch(text)) return PastContextWindow;
        return null;
    }

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"`?tool_use`?\s+ids\s+were\s+found\s+without\s+`?tool_result`?\s+blocks" +  // Anthropic
                    @"|\bdue\s+to\s+tool\s+use\s+concurrency\s+issues\b" +  // Claude Code, for that Anthropic error
                    @"|\bNo\s+tool\s+output\s+found\s+for\b" +  // OpenAI Responses
                    @"|\bassistant\s+message\s+with\s+'tool_calls'\s+must\s+be\s+followed\s+by\s+tool\s+messages\b" +  // OpenAI chat
                    @"|\bfunction\s+response\s+turn\s+comes\s+immediately\s+after\s+a\s+function\s+call\s+turn\b" +  // Gemini
                    @"|\bnumber\s+of\s+function\s+response\s+parts\s+is\s+equal\s+to\s+the\s+number\s+of\s+function\s+call\s+parts\b",
        Options)]
    private static partial Regex ToolCallWithoutResultText();

    [GeneratedRegex(@"\bunexpected\s+`?tool_use_id`?\s+found\s+in\s+`?tool_result`?" +  // Anthropic
                    @"|\bNo\s+tool\s+call\s+found\s+for\s+(?:function|custom\s+tool)\s+call\s+output\b" +  // OpenAI Responses
                    @"|\bmessages\s+with\s+role\s+'tool'\s+must\s+be\s+a\s+response\s+to\s+a\s+prece?eding\s+message\s+with\s+'tool_calls'",  // OpenAI chat
        Options)]
    private static partial Regex ToolResultWithoutCallText();

    [GeneratedRegex(@"`?tool_use`?\s+ids\s+must\s+be\s+unique\b" +  // Anthropic
                    @"|\bduplicate\s+tool_use\s+ID\s+in\s+conversation\s+history\b",  // Claude Code, for that error
        Options)]
    private static partial Regex DuplicateToolCallText();

    [GeneratedRegex(@"\bran\s+out\s+of\s+room\s+in\s+the\s+model's\s+context\s+window\b" +  // Codex
                    @"|^\s*Prompt\s+is\s+too\s+long\b" +  // Claude Code: its result text starts so
                    @"|\bprompt\s+is\s+too\s+long:\s*\d+\s+tokens\s*>\s*\d+" +  // Anthropic
                    @"|\binput\s+length\s+and\s+`?max_tokens`?\s+exceed\s+context\s+limit\b" +  // Anthropic
                    @"|\bexceeds\s+the\s+context\s+window\b" +  // OpenAI: "Your input exceeds the context window of this model"
                    @"|\bmaximum\s+context\s+length\s+is\s+\d+\s+tokens\b" +  // OpenAI chat, OpenRouter
                    @"|\bcontext_length_exceeded\b" +  // OpenAI's error code, in a body passed on whole
                    @"|\binput\s+token\s+count\s*\(\d+\)\s*exceeds\s+the\s+maximum\s+number\s+of\s+tokens\b" +  // Gemini API
                    @"|\bContext\s+window\s+will\s+overflow\b" +  // Gemini CLI
                    @"|\btoo\s+large\s+to\s+compact\b" +  // OpenCode, when its own compaction failed
                    @"|\bContext\s+overflow\s+recovery\s+failed\b",  // Pi, when its own compaction failed
        Options)]
    private static partial Regex PastContextWindowText();

    [GeneratedRegex(@"\brollout\s+at\s+\S[^\n]{0,4096}?\s+is\s+empty\b|\bfailed\s+to\s+read\s+session\s+metadata\b",  // Codex
        Options)]
    private static partial Regex SessionUnreadableText();
}
