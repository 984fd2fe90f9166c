using System.Text.Encodings.Web;
using System.Text.Json;

namespace Shepherd.FakeAgent;

/// <summary>What each CLI prints when the model API refuses the conversation (a tool call without its result) or the
/// conversation is past the context window: the real lines of docs/agents-found.md, "Conversations that cannot go on"
/// (usage blocks left out).</summary>
internal static class ConversationErrorText
{
    private const string CallId = "call_Q2fXk1uY8bQ3nJ6wZ0";

    private const string OpenAiRefused =
        $"An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: {CallId}";

    private const string OpenAiOverflow =
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.";

    /// <summary>The lines for step <paramref name="kind"/> ("refused" or "overflow") of <paramref name="flavor"/>.</summary>
    public static IEnumerable<string> Lines(string flavor, string kind, string sessionId) => (flavor, kind) switch
    {
        ("codex", "refused") => Codex(PrettyBody($"No tool output found for function call {CallId}.", "input", null)),
        ("codex", _) => Codex("Codex ran out of room in the model's context window. Start a new thread or clear earlier history before retrying."),
        ("claude", "refused") => Claude(sessionId, "API Error: 400 due to tool use concurrency issues.", "completed"),
        ("claude", _) =>
        [
            $$$"""{"type":"system","subtype":"status","status":"compacting","session_id":"{{{sessionId}}}"}""",
            $$$"""{"type":"system","subtype":"status","status":null,"compact_result":"failed","compact_error":"too_few_groups","session_id":"{{{sessionId}}}"}""",
            .. Claude(sessionId, "Prompt is too long", "prompt_too_long"),
        ],
        ("opencode", "refused") =>
        [
            $$$$"""{"type":"error","timestamp":{{{{Now}}}},"sessionID":"{{{{sessionId}}}}","error":{"name":"APIError","data":{"message":"{{{{Raw(OpenAiRefused)}}}}","statusCode":400,"isRetryable":false,"responseBody":"{{{{Raw(PrettyBody(OpenAiRefused, "messages.[3].role", null))}}}}"}}}""",
        ],
        ("opencode", _) => Enumerable.Repeat( // it tries to compact, fails the same way, and prints the error twice
            $$$$"""{"type":"error","timestamp":{{{{Now}}}},"sessionID":"{{{{sessionId}}}}","error":{"name":"ContextOverflowError","data":{"message":"{{{{Raw(OpenAiOverflow)}}}}","responseBody":"{{{{Raw(PrettyBody(OpenAiOverflow, "messages", "context_length_exceeded"))}}}}"}}}""", 2),
        ("gemini", "refused") => Gemini(GeminiRefused),
        ("gemini", _) => Gemini(GeminiOverflow),
        ("qwen", "refused") => Qwen(sessionId, "[API Error: 400 " + OpenAiRefused + "]"),
        ("qwen", _) => Qwen(sessionId, "[API Error: 400 " + OpenAiOverflow + "]"),
        ("copilot", "refused") => Copilot(sessionId, CopilotRefused),
        ("copilot", _) => Copilot(sessionId, CopilotOverflow),
        ("pi", "refused") => Pi("400 " + OpenAiRefused),
        _ => [.. Pi("400 " + OpenAiOverflow), """{"type":"compaction_start","reason":"overflow"}"""],
    };

    /// <summary>Codex, Claude, OpenCode, Qwen and Copilot exit 1 on these; Pi exits 0 on every API error, Gemini with the
    /// HTTP status (400 % 256).</summary>
    public static int ExitCode(string flavor) => flavor switch { "pi" => 0, "gemini" => 144, _ => 1 };

    private const string GeminiRefused = "Please ensure that function response turn comes immediately after a function call turn.";
    private const string GeminiOverflow = "The input token count (1231072) exceeds the maximum number of tokens allowed (1048576).";

    /// <summary>Gemini CLI 0.61.0: the Gemini API's error body inside "[API Error: …]" in a failed result.</summary>
    private static string[] Gemini(string apiMessage)
    {
        var body = $$$"""{"error":{"code":400,"message":"{{{Raw(apiMessage)}}}","status":"INVALID_ARGUMENT"}}""";
        return [$$$"""{"type":"result","timestamp":"{{{DateTimeOffset.UtcNow:O}}}","status":"error","error":{"type":"unknown","message":"{{{Raw($"[API Error: {body}]")}}}"},"stats":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0,"duration_ms":0,"tool_calls":0}}"""];
    }

    /// <summary>Qwen Code 0.24.4: "[API Error: 400 …]" as an assistant message and in the failed result.</summary>
    private static string[] Qwen(string sessionId, string text) =>
    [
        $$$$"""{"type":"assistant","uuid":"{{{{Guid.NewGuid()}}}}","session_id":"{{{{sessionId}}}}","parent_tool_use_id":null,"message":{"id":"{{{{Guid.NewGuid()}}}}","type":"message","role":"assistant","model":"fake-model","content":[{"type":"text","text":"{{{{Raw(text)}}}}"}],"stop_reason":null,"usage":{"input_tokens":0,"output_tokens":0}}}""",
        $$$$"""{"type":"result","subtype":"error_during_execution","uuid":"{{{{Guid.NewGuid()}}}}","session_id":"{{{{sessionId}}}}","is_error":true,"duration_ms":1,"duration_api_ms":0,"num_turns":1,"usage":{"input_tokens":0,"output_tokens":0,"cache_read_input_tokens":0},"permission_denials":[],"error":{"message":"{{{{Raw(text)}}}}"}}""",
    ];

    private const string CopilotRefused = "400 " + OpenAiRefused;
    private const string CopilotOverflow = "400 " + OpenAiOverflow;

    /// <summary>Copilot CLI 1.0.102: a 400 is not retried; <c>session.error</c> (errorType query) with the API's message.</summary>
    private static string[] Copilot(string sessionId, string message) =>
    [
        $$$"""{"type":"assistant.turn_end","data":{"turnId":"0"},"id":"{{{Guid.NewGuid()}}}"}""",
        $$$"""{"type":"session.error","data":{"errorType":"query","message":"{{{Raw(message)}}}","statusCode":400},"id":"{{{Guid.NewGuid()}}}"}""",
        """{"type":"assistant.idle","data":{},"ephemeral":true}""",
        $$$"""{"type":"result","timestamp":"{{{DateTimeOffset.UtcNow:O}}}","sessionId":"{{{sessionId}}}","exitCode":1,"usage":{"premiumRequests":0,"totalApiDurationMs":0,"sessionDurationMs":1}}""",
    ];

    private static string[] Codex(string message) =>
    [
        $$$"""{"type":"error","message":"{{{Raw(message)}}}"}""",
        $$$"""{"type":"turn.failed","error":{"message":"{{{Raw(message)}}}"}}""",
    ];

    private static string[] Claude(string sessionId, string text, string terminalReason) =>
    [
        $$$"""{"type":"assistant","message":{"model":"<synthetic>","role":"assistant","stop_reason":"stop_sequence","type":"message","content":[{"type":"text","text":"{{{Raw(text)}}}"}]},"parent_tool_use_id":null,"session_id":"{{{sessionId}}}","error":"invalid_request"}""",
        $$$"""{"type":"result","subtype":"success","is_error":true,"api_error_status":400,"num_turns":1,"result":"{{{Raw(text)}}}","stop_reason":"stop_sequence","session_id":"{{{sessionId}}}","terminal_reason":"{{{terminalReason}}}"}""",
    ];

    private static string[] Pi(string errorMessage)
    {
        var assistant = $$$"""{"role":"assistant","content":[],"api":"openai-completions","provider":"fake","model":"fake-model","stopReason":"error","timestamp":{{{Now}}},"errorMessage":"{{{Raw(errorMessage)}}}"}""";
        return
        [
            $$$"""{"type":"message_end","message":{{{assistant}}}}""",
            $$$"""{"type":"turn_end","message":{{{assistant}}},"toolResults":[]}""",
            $$$"""{"type":"agent_end","messages":[{{{assistant}}}]}""",
        ];
    }

    /// <summary>An OpenAI error body as OpenAI sends it (pretty-printed), which Codex and OpenCode pass on whole.</summary>
    private static string PrettyBody(string message, string param, string? code) =>
        $"{{\n  \"error\": {{\n    \"message\": \"{Raw(message)}\",\n    \"type\": \"invalid_request_error\",\n    \"param\": \"{param}\",\n    \"code\": {(code is null ? "null" : $"\"{code}\"")}\n  }}\n}}";

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static string Raw(string s) => JsonEncodedText.Encode(s, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
}
