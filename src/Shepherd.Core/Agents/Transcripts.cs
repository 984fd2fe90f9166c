using System.Text.Json;
using static Shepherd.Agents.AgentOutputParser;

namespace Shepherd.Agents;

/// <summary>Codex <c>exec --json</c> events in a person's words: its messages, the commands it ran (with their exit),
/// the files it changed, the tools it called, errors and the turn's end.</summary>
internal static class CodexTranscript
{
    public static TranscriptLine? Describe(JsonElement e)
    {
        switch (Str(e, "type"))
        {
            case "thread.started" when Str(e, "thread_id") is { } id: return TranscriptLine.Session(id);
            case "turn.completed": return TranscriptLine.Turn("turn finished");
            case "turn.failed": return TranscriptLine.Error(Obj(e, "error") is { } err ? Str(err, "message") ?? "turn failed" : "turn failed");
            case "error": return TranscriptLine.Error(Str(e, "message") ?? "error");
            case "item.completed" when Obj(e, "item") is { } item: return Item(item);
            default: return null;
        }
    }

    private static TranscriptLine? Item(JsonElement item) => Str(item, "type") switch
    {
        "agent_message" when Str(item, "text") is { } text => TranscriptLine.Said(text),
        "command_execution" => TranscriptLine.Ran($"{Str(item, "command") ?? "a command"}{Exit(item)}"),
        "file_change" => TranscriptLine.Ran("changed " + string.Join(", ", Changes(item))),
        "mcp_tool_call" => TranscriptLine.Ran($"{Str(item, "server")}.{Str(item, "tool")}"),
        "web_search" => TranscriptLine.Ran($"web search: {Str(item, "query")}"),
        "error" => TranscriptLine.Error(Str(item, "message") ?? "error"),
        _ => null,
    };

    private static string Exit(JsonElement item) =>
        item.TryGetProperty("exit_code", out var c) && c.ValueKind == JsonValueKind.Number && c.GetInt32() != 0 ? $" (exit {c.GetInt32()})" : "";

    private static IEnumerable<string> Changes(JsonElement item) =>
        item.TryGetProperty("changes", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(c => Str(c, "path") ?? "?")
            : ["files"];
}

/// <summary>Claude Code stream-json in a person's words: its text, the tools it used (with their main argument), errors
/// and the turn's end.</summary>
internal static class ClaudeTranscript
{
    public static TranscriptLine? Describe(JsonElement e)
    {
        switch (Str(e, "type"))
        {
            case "system" when Str(e, "subtype") == "init" && Str(e, "session_id") is { } id: return TranscriptLine.Session(id);
            case "result":
                return e.TryGetProperty("is_error", out var err) && err.ValueKind == JsonValueKind.True
                    ? TranscriptLine.Error(Str(e, "result") ?? Str(e, "subtype") ?? "error")
                    : TranscriptLine.Turn("turn finished");
            case "assistant" when Obj(e, "message") is { } m:
                if (ContentText(m) is { Length: > 0 } text) return TranscriptLine.Said(text);
                return Tool(m);
            default: return null;
        }
    }

    private static TranscriptLine? Tool(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array) return null;
        foreach (var block in content.EnumerateArray())
            if (block.ValueKind == JsonValueKind.Object && Str(block, "type") == "tool_use")
                return TranscriptLine.Ran($"{Str(block, "name")}{Argument(block)}");
        return null;
    }

    private static string Argument(JsonElement toolUse)
    {
        if (Obj(toolUse, "input") is not { } input) return "";
        foreach (var key in new[] { "command", "file_path", "path", "pattern", "url", "description" })
            if (Str(input, key) is { } v) return " " + v;
        return "";
    }
}

/// <summary>OpenCode <c>run --format json</c> in a person's words.</summary>
internal static class OpenCodeTranscript
{
    public static TranscriptLine? Describe(JsonElement e)
    {
        var part = Obj(e, "part");
        switch (Str(e, "type"))
        {
            case "text" when part is { } p && Str(p, "text") is { } text: return TranscriptLine.Said(text);
            case "tool_use" when part is { } p:
                var input = Obj(p, "state") is { } state ? Obj(state, "input") : null;
                var arg = input is { } i ? Str(i, "command") ?? Str(i, "filePath") ?? Str(i, "path") ?? Str(i, "pattern") : null;
                return TranscriptLine.Ran($"{Str(p, "tool") ?? "a tool"}{(arg is null ? "" : " " + arg)}");
            case "step_finish": return TranscriptLine.Turn("step finished");
            case "error" when Obj(e, "error") is { } err:
                return TranscriptLine.Error(Obj(err, "data") is { } d ? Str(d, "message") ?? Str(err, "name") ?? "error" : Str(err, "name") ?? "error");
            default: return null;
        }
    }
}

/// <summary>Pi's JSON mode in a person's words.</summary>
internal static class PiTranscript
{
    public static TranscriptLine? Describe(JsonElement e)
    {
        switch (Str(e, "type"))
        {
            case "message_end" when Obj(e, "message") is { } m && Str(m, "role") == "assistant":
                if (Str(m, "stopReason") is "error" or "aborted") return TranscriptLine.Error(Str(m, "errorMessage") ?? Str(m, "stopReason")!);
                return ContentText(m) is { Length: > 0 } text ? TranscriptLine.Said(text) : null;
            case "tool_execution_start": return TranscriptLine.Ran(Str(e, "toolName") ?? "a tool");
            case "agent_end": return TranscriptLine.Turn("turn finished");
            case "auto_retry_end" when e.TryGetProperty("success", out var ok) && ok.ValueKind == JsonValueKind.False:
                return TranscriptLine.Error(Str(e, "finalError") ?? "retries failed");
            default: return null;
        }
    }
}
