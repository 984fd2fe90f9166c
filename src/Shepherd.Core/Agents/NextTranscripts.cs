using System.Text.Json;
using static Shepherd.Agents.AgentOutputParser;

namespace Shepherd.Agents;

/// <summary>Gemini CLI <c>-o stream-json</c> in a person's words. Its replies stream as <c>message</c> deltas, one line each.</summary>
internal static class GeminiTranscript
{
    public static TranscriptLine? Describe(JsonElement e)
    {
        switch (Str(e, "type"))
        {
            case "init" when Str(e, "session_id") is { } id: return TranscriptLine.Session(id);
            case "message" when Str(e, "role") == "assistant" && Str(e, "content") is { Length: > 0 } text:
                return TranscriptLine.Said(text) with { Delta = e.TryGetProperty("delta", out var d) && d.ValueKind == JsonValueKind.True };
            case "tool_use": return TranscriptLine.Ran($"{Str(e, "tool_name") ?? "a tool"}{Tools.Argument(Obj(e, "parameters"))}");
            case "error" when Str(e, "message") is { } m: return TranscriptLine.Error(m);
            case "result" when Str(e, "status") == "success": return TranscriptLine.Turn("turn finished");
            case "result": return TranscriptLine.Error(Obj(e, "error") is { } err ? Str(err, "message") ?? Str(err, "type") ?? "error" : "error");
            default: return null;
        }
    }
}

/// <summary>Qwen Code stream-json (Claude Code's shape) in a person's words; a failed <c>result</c> names its error in
/// <c>error.message</c>.</summary>
internal static class QwenTranscript
{
    public static TranscriptLine? Describe(JsonElement e)
    {
        if (Str(e, "type") == "result" && e.TryGetProperty("is_error", out var err) && err.ValueKind == JsonValueKind.True)
            return TranscriptLine.Error((Obj(e, "error") is { } m ? Str(m, "message") : null) ?? Str(e, "subtype") ?? "error");
        var line = ClaudeTranscript.Describe(e);
        // Qwen also says an API error as an assistant message: "[API Error: 500 …]".
        return line is { Kind: "said" } && line.Text.StartsWith("[API Error", StringComparison.Ordinal) ? TranscriptLine.Error(line.Text) : line;
    }
}

/// <summary>Copilot CLI <c>--output-format json</c> in a person's words: its whole messages (not the deltas), the tools it
/// ran, <c>session.error</c>, and the <c>result</c> that ends every run.</summary>
internal static class CopilotTranscript
{
    public static TranscriptLine? Describe(JsonElement e)
    {
        var data = Obj(e, "data");
        switch (Str(e, "type"))
        {
            case "assistant.message" when data is { } d && Str(d, "content") is { Length: > 0 } text: return TranscriptLine.Said(text);
            case "tool.execution_start" when data is { } d: return TranscriptLine.Ran($"{Str(d, "toolName") ?? "a tool"}{Tools.Argument(Obj(d, "arguments"))}");
            case "session.error" when data is { } d: return TranscriptLine.Error(Str(d, "message") ?? Str(d, "errorType") ?? "error");
            case "result" when Str(e, "sessionId") is { } id:
                return e.TryGetProperty("exitCode", out var c) && c.ValueKind == JsonValueKind.Number && c.GetInt32() == 0
                    ? TranscriptLine.Turn($"run finished (conversation {id})")
                    : TranscriptLine.Turn($"run ended with exit code {(c.ValueKind == JsonValueKind.Number ? c.GetInt32() : -1)} (conversation {id})");
            default: return null;
        }
    }
}

internal static class Tools
{
    /// <summary>A tool call's main argument (the command, the file, the pattern…), with a space before it; "" when none.</summary>
    public static string Argument(JsonElement? arguments)
    {
        if (arguments is not { } a) return "";
        foreach (var key in new[] { "command", "file_path", "absolute_path", "path", "pattern", "url", "description" })
            if (Str(a, key) is { } v) return " " + v;
        return "";
    }
}
