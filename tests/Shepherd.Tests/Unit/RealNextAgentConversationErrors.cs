namespace Shepherd.Tests.Unit;

/// <summary>What Gemini CLI 0.61.0, Qwen Code 0.24.4 and Copilot CLI 1.0.102 really print when the model API refuses the
/// conversation or it is past the context window (docs/agents-found.md, "Conversations that cannot go on"). Captured on
/// 2026-12-04 (about 23:08 UTC), each CLI run as a new user (the E2E configuration) with the prompt on stdin against a local
/// server answering every model request with HTTP 400 and the body the real API sends: for chat completions
/// <c>{"error":{"message":…,"type":"invalid_request_error","param":…,"code":…}}</c> with the messages of
/// <see cref="RealConversationErrors"/>, for the Gemini API <c>{"error":{"code":400,"message":…,"status":"INVALID_ARGUMENT"}}</c>
/// with "Please ensure that function response turn comes immediately after a function call turn." and "The input token count
/// (1231072) exceeds the maximum number of tokens allowed (1048576).". Lines verbatim; Gemini's per-model stats are left
/// out.</summary>
internal static class RealNextAgentConversationErrors
{
    /// <summary>Gemini CLI 0.61.0, the Gemini API refusing the history (HTTP 400): exit 144.</summary>
    public static readonly string[] GeminiRefusedRun =
    [
        """{"type":"init","timestamp":"2026-12-04T23:08:06.022Z","session_id":"7068c790-75b3-455c-b876-694f624d372e","model":"auto"}""",
        """{"type":"message","timestamp":"2026-12-04T23:08:06.041Z","role":"user","content":"say hi\n"}""",
        """{"type":"result","timestamp":"2026-12-04T23:08:07.134Z","status":"error","error":{"type":"unknown","message":"[API Error: {\"error\":{\"code\":400,\"message\":\"Please ensure that function response turn comes immediately after a function call turn.\",\"status\":\"INVALID_ARGUMENT\"}}]"},"stats":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0,"duration_ms":0,"tool_calls":0}}""",
    ];

    /// <summary>Gemini CLI 0.61.0, the Gemini API's overflow (HTTP 400): exit 144.</summary>
    public static readonly string[] GeminiPastContextWindowRun =
    [
        """{"type":"init","timestamp":"2026-12-04T23:08:40.794Z","session_id":"ae4cde63-b621-48c6-af1a-ccdb5db1e934","model":"auto"}""",
        """{"type":"message","timestamp":"2026-12-04T23:08:40.812Z","role":"user","content":"say hi\n"}""",
        """{"type":"result","timestamp":"2026-12-04T23:08:41.545Z","status":"error","error":{"type":"unknown","message":"[API Error: {\"error\":{\"code\":400,\"message\":\"The input token count (1231072) exceeds the maximum number of tokens allowed (1048576).\",\"status\":\"INVALID_ARGUMENT\"}}]"},"stats":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0,"duration_ms":0,"tool_calls":0}}""",
    ];

    /// <summary>Qwen Code 0.24.4, chat completions refusing the history (HTTP 400; its init line left out): exit 1.</summary>
    public static readonly string[] QwenRefusedRun =
    [
        """{"type":"assistant","uuid":"0a42215d-8138-4824-b7ce-9cc447aee957","session_id":"c6ef0d7e-47a8-4856-ac9f-c4cfc7b30cb0","parent_tool_use_id":null,"message":{"id":"0a42215d-8138-4824-b7ce-9cc447aee957","type":"message","role":"assistant","model":"fake-model","content":[{"type":"text","text":"[API Error: 400 An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_Q2fXk1uY8bQ3nJ6wZ0]"}],"stop_reason":null,"usage":{"input_tokens":0,"output_tokens":0}}}""",
        """{"type":"result","subtype":"error_during_execution","uuid":"1799be3f-605c-4e68-a258-055ea08b386f","session_id":"c6ef0d7e-47a8-4856-ac9f-c4cfc7b30cb0","is_error":true,"duration_ms":8387,"duration_api_ms":0,"num_turns":1,"usage":{"input_tokens":0,"output_tokens":0,"cache_read_input_tokens":0},"permission_denials":[],"error":{"message":"[API Error: 400 An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_Q2fXk1uY8bQ3nJ6wZ0]"}}""",
    ];

    /// <summary>Qwen Code 0.24.4, chat completions' overflow (HTTP 400): exit 1.</summary>
    public static readonly string[] QwenPastContextWindowRun =
    [
        """{"type":"assistant","uuid":"20b9952d-6d20-4e90-91ec-756be848bf75","session_id":"e311d708-5b4e-43ba-bb2d-a229d837a59b","parent_tool_use_id":null,"message":{"id":"20b9952d-6d20-4e90-91ec-756be848bf75","type":"message","role":"assistant","model":"fake-model","content":[{"type":"text","text":"[API Error: 400 This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.]"}],"stop_reason":null,"usage":{"input_tokens":0,"output_tokens":0}}}""",
        """{"type":"result","subtype":"error_during_execution","uuid":"0578bc03-d26a-4b05-81ea-10589316ae5a","session_id":"e311d708-5b4e-43ba-bb2d-a229d837a59b","is_error":true,"duration_ms":12952,"duration_api_ms":0,"num_turns":1,"usage":{"input_tokens":0,"output_tokens":0,"cache_read_input_tokens":0},"permission_denials":[],"error":{"message":"[API Error: 400 This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.]"}}""",
    ];

    /// <summary>Copilot CLI 1.0.102, chat completions refusing the history (HTTP 400, not retried): exit 1 (the last lines).</summary>
    public static readonly string[] CopilotRefusedRun =
    [
        """{"type":"assistant.turn_end","data":{"turnId":"0"},"id":"170783ca-088a-4e02-a34d-aa6f4bd982c5","timestamp":"2026-12-04T23:08:55.840Z","parentId":"69fbff8a-95f4-423c-898c-6fffefe6edd7"}""",
        """{"type":"session.error","data":{"errorType":"query","message":"400 An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_Q2fXk1uY8bQ3nJ6wZ0","statusCode":400,"originatingMessageId":"52033132-d4c5-4329-ae61-b824d60f3bdc"},"id":"4a45a1de-ddb6-4498-a74b-c4570ee29524","timestamp":"2026-12-04T23:08:55.841Z","parentId":"170783ca-088a-4e02-a34d-aa6f4bd982c5"}""",
        """{"type":"result","timestamp":"2026-12-04T23:08:56.081Z","sessionId":"03dafaf8-43f5-42c3-bf07-9774485ff6d1","exitCode":1,"usage":{"premiumRequests":0,"totalApiDurationMs":0,"sessionDurationMs":3242,"codeChanges":{"linesAdded":0,"linesRemoved":0,"filesModified":[]}}}""",
    ];

    /// <summary>Copilot CLI 1.0.102, chat completions' overflow (HTTP 400, not retried, no compaction): exit 1 (the last lines).</summary>
    public static readonly string[] CopilotPastContextWindowRun =
    [
        """{"type":"assistant.turn_end","data":{"turnId":"0"},"id":"51d55943-86e5-42bc-9121-a4b449931183","timestamp":"2026-12-04T23:09:20.919Z","parentId":"61b5ead6-4877-4bf0-b3d5-ac9431aeb35e"}""",
        """{"type":"session.error","data":{"errorType":"query","message":"400 This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.","statusCode":400,"originatingMessageId":"136426a3-6953-4832-9f61-52f305a489ea"},"id":"2f4aa2e2-941e-436d-aa71-3b2b37baaf5d","timestamp":"2026-12-04T23:09:20.921Z","parentId":"51d55943-86e5-42bc-9121-a4b449931183"}""",
        """{"type":"result","timestamp":"2026-12-04T23:09:20.959Z","sessionId":"79ffb579-fd9a-422b-b0fe-083d4c1136a4","exitCode":1,"usage":{"premiumRequests":0,"totalApiDurationMs":0,"sessionDurationMs":4573,"codeChanges":{"linesAdded":0,"linesRemoved":0,"filesModified":[]}}}""",
    ];
}
