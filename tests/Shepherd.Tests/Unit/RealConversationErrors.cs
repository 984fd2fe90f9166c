namespace Shepherd.Tests.Unit;

/// <summary>What the pinned CLIs really print when a conversation cannot go on (docs/agents-found.md, "Conversations that
/// cannot go on").
/// <para>Captured on 2026-12-04 (about 21:10-21:25 UTC), each CLI run as docs/agents-found.md §1 sets it up, against a
/// local server answering every model request with the error body real APIs send: HTTP 400 with, for the Responses API,
/// <c>{"error":{"message":"No tool output found for function call call_Q2fXk1uY8bQ3nJ6wZ0.","type":"invalid_request_error","param":"input","code":null}}</c>
/// (refused) and <c>{"error":{"message":"Your input exceeds the context window of this model. Please adjust your input and try again.",…,"code":"context_length_exceeded"}}</c>
/// (overflow); for chat completions <c>"An assistant message with 'tool_calls' must be followed by tool messages responding to each
/// 'tool_call_id'. The following tool_call_ids did not have response messages: call_Q2fXk1uY8bQ3nJ6wZ0"</c> and
/// <c>"This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the
/// length of the messages."</c> (<c>code: context_length_exceeded</c>); for Anthropic
/// <c>{"type":"error","error":{"type":"invalid_request_error","message":"messages.2: `tool_use` ids were found without `tool_result`
/// blocks immediately after: toolu_01XyZ8kLmN3pQ4rS5tU6vW7. Each `tool_use` block must have a corresponding `tool_result` block in
/// the next message."}}</c> and <c>"prompt is too long: 213801 tokens > 200000 maximum"</c>. OpenAI bodies pretty-printed (as
/// OpenAI sends them), Anthropic compact. The usage blocks of the lines are left out here; the rest is verbatim.</para></summary>
internal static class RealConversationErrors
{
    /// <summary>Codex CLI 0.169.0 (native binary): a 400 is <c>CodexErr::InvalidRequest(body)</c>, printed as the whole body;
    /// exit 1.</summary>
    public static readonly string[] CodexRefused =
    [
        """{"type":"error","message":"{\n  \"error\": {\n    \"message\": \"No tool output found for function call call_Q2fXk1uY8bQ3nJ6wZ0.\",\n    \"type\": \"invalid_request_error\",\n    \"param\": \"input\",\n    \"code\": null\n  }\n}"}""",
        """{"type":"turn.failed","error":{"message":"{\n  \"error\": {\n    \"message\": \"No tool output found for function call call_Q2fXk1uY8bQ3nJ6wZ0.\",\n    \"type\": \"invalid_request_error\",\n    \"param\": \"input\",\n    \"code\": null\n  }\n}"}}""",
    ];

    /// <summary>Codex: <c>CodexErr::ContextWindowExceeded</c> (codex-rs/protocol/src/error.rs), for the 400 with
    /// <c>code: context_length_exceeded</c> and for a stream's <c>response.failed</c> with that code alike; exit 1.</summary>
    public const string CodexContextWindow =
        "Codex ran out of room in the model's context window. Start a new thread or clear earlier history before retrying.";

    public static readonly string[] CodexPastContextWindow =
    [
        """{"type":"error","message":"Codex ran out of room in the model's context window. Start a new thread or clear earlier history before retrying."}""",
        """{"type":"turn.failed","error":{"message":"Codex ran out of room in the model's context window. Start a new thread or clear earlier history before retrying."}}""",
    ];

    /// <summary>Codex, a 400 for another reason: the body, as for the refused conversation.</summary>
    public const string CodexPlain400 =
        """{"type":"turn.failed","error":{"message":"{\n  \"error\": {\n    \"message\": \"Invalid value for 'temperature': must be between 0 and 2.\",\n    \"type\": \"invalid_request_error\",\n    \"param\": \"temperature\",\n    \"code\": \"invalid_value\"\n  }\n}"}}""";

    /// <summary>Codex <c>exec resume</c>, stderr, exit 1 (a backtrace follows): the rollout deleted, then emptied (a file of
    /// garbage gives the same "is empty"; a cut-short last line resumes fine).</summary>
    public const string CodexSessionNotFound =
        "Error: thread/resume: thread/resume failed: no rollout found for thread id 01a242e6-91d1-7272-b89e-7ea638a9cdee (code -32600)";

    public const string CodexSessionUnreadable =
        "Error: thread/resume: thread/resume failed: failed to read thread: thread-store internal error: failed to read session metadata /tmp/hv/s-codexs/codex/sessions/2026/12/04/rollout-2026-12-04T21-12-16-01a242e6-91d1-7272-b89e-7ea638a9cdee.jsonl: thread-store internal error: failed to read session metadata /tmp/hv/s-codexs/codex/sessions/2026/12/04/rollout-2026-12-04T21-12-16-01a242e6-91d1-7272-b89e-7ea638a9cdee.jsonl: rollout at /tmp/hv/s-codexs/codex/sessions/2026/12/04/rollout-2026-12-04T21-12-16-01a242e6-91d1-7272-b89e-7ea638a9cdee.jsonl is empty (code -32603)";

    /// <summary>Claude Code 2.1.197 (bin/claude.exe, its bundled JS): <c>e.status===400&amp;&amp;e.message.includes("`tool_use` ids were
    /// found without `tool_result` blocks immediately after")</c> → <c>"API Error: 400 due to tool use concurrency issues."+i</c>,
    /// i = " Run /rewind to recover the conversation." only in the interactive UI; exit 1.</summary>
    public static readonly string[] ClaudeRefused =
    [
        """{"type":"assistant","message":{"id":"97cf4c02-5590-49a7-bd84-a40d2f8307e3","container":null,"model":"<synthetic>","role":"assistant","stop_details":null,"stop_reason":"stop_sequence","stop_sequence":"","type":"message","content":[{"type":"text","text":"API Error: 400 due to tool use concurrency issues."}],"context_management":null},"parent_tool_use_id":null,"session_id":"eb0563ab-f953-4c2c-b879-bfc36dba2955","uuid":"e01242f6-e22b-4896-8d8c-9e900cf2cb73","error":"invalid_request","request_id":"req_011CVabc"}""",
        """{"type":"result","subtype":"success","is_error":true,"api_error_status":400,"duration_ms":548,"duration_api_ms":0,"num_turns":1,"result":"API Error: 400 due to tool use concurrency issues.","stop_reason":"stop_sequence","session_id":"eb0563ab-f953-4c2c-b879-bfc36dba2955","total_cost_usd":0,"permission_denials":[],"terminal_reason":"completed","fast_mode_state":"off","uuid":"15bef086-3418-4f17-96d0-6741421ec9c5"}""",
    ];

    /// <summary>Claude, "`tool_use` ids must be unique" → <c>`API Error: 400 duplicate tool_use ID in conversation history.${s}`</c>.</summary>
    public const string ClaudeDuplicateToolUse =
        """{"type":"result","subtype":"success","is_error":true,"api_error_status":400,"duration_ms":415,"duration_api_ms":0,"num_turns":1,"result":"API Error: 400 duplicate tool_use ID in conversation history.","stop_reason":"stop_sequence","session_id":"87fea9f4-48df-479a-8771-02859519ce60","total_cost_usd":0,"permission_denials":[],"terminal_reason":"completed","fast_mode_state":"off","uuid":"438156ea-14b5-4d7c-a468-ddee760d47da"}""";

    /// <summary>Claude, "unexpected `tool_use_id` found in `tool_result` blocks" has no text of its own: "API Error: 400 " + the message.</summary>
    public const string ClaudeToolResultWithoutCall =
        """{"type":"result","subtype":"success","is_error":true,"api_error_status":400,"duration_ms":1643,"duration_api_ms":0,"num_turns":1,"result":"API Error: 400 messages.3.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01XyZ8kLmN3pQ4rS5tU6vW7. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.","stop_reason":"stop_sequence","session_id":"d7355259-b8d5-495d-be01-7f5eec286887","total_cost_usd":0,"permission_denials":[],"terminal_reason":"completed","fast_mode_state":"off","uuid":"b450c2f6-ac1b-4ab6-bc57-e2f3664fb07f"}""";

    /// <summary>Claude, "prompt is too long" in a conversation of one exchange: <c>_F="Prompt is too long"</c> and <c>Jda</c>'s
    /// explanation (it cannot compact a single exchange); <c>terminal_reason: "prompt_too_long"</c>.</summary>
    public const string ClaudePastContextWindowFirstTurn =
        """{"type":"result","subtype":"success","is_error":true,"api_error_status":400,"duration_ms":915,"duration_api_ms":0,"num_turns":1,"result":"Prompt is too long · the request is ~213801 tokens (limit 200000) but this conversation is only ~1535 tokens — the rest is system prompt, tool definitions, and attachment content. A single-exchange conversation cannot be compacted; reduce attached files/tools or start with less context.","stop_reason":"stop_sequence","session_id":"262ec556-54cb-49af-8ce2-adf7aeb7b3ae","total_cost_usd":0,"permission_denials":[],"terminal_reason":"prompt_too_long","fast_mode_state":"off","uuid":"85e568a9-7533-4b6c-95c9-f32bc696b402"}""";

    /// <summary>Claude <c>--resume</c> of a longer conversation: it tries to compact first (which failed here), then the
    /// bare "Prompt is too long" (the same text when its own check blocks the request: <c>terminal_reason: "blocking_limit"</c>).</summary>
    public static readonly string[] ClaudePastContextWindow =
    [
        """{"type":"system","subtype":"status","status":"compacting","session_id":"8afffa59-2882-450b-baad-1b8f23a28874","uuid":"c5ddc815-8694-476e-8a05-c183d3d6c77d"}""",
        """{"type":"system","subtype":"status","status":null,"compact_result":"failed","compact_error":"too_few_groups","session_id":"8afffa59-2882-450b-baad-1b8f23a28874","uuid":"56832751-c0df-41a1-b98e-e1138eff8d8b"}""",
        """{"type":"assistant","message":{"id":"828d84be-2f91-4cc1-9adc-bda95fc12f04","container":null,"model":"<synthetic>","role":"assistant","stop_details":null,"stop_reason":"stop_sequence","stop_sequence":"","type":"message","content":[{"type":"text","text":"Prompt is too long"}],"context_management":null},"parent_tool_use_id":null,"session_id":"8afffa59-2882-450b-baad-1b8f23a28874","uuid":"4e9f5e62-9bfc-4269-9c9d-7b5bfb0cadd7","error":"invalid_request","request_id":"req_011CVdef"}""",
        """{"type":"result","subtype":"success","is_error":true,"api_error_status":400,"duration_ms":378,"duration_api_ms":0,"num_turns":1,"result":"Prompt is too long","stop_reason":"stop_sequence","session_id":"8afffa59-2882-450b-baad-1b8f23a28874","total_cost_usd":0,"permission_denials":[],"terminal_reason":"prompt_too_long","fast_mode_state":"off","uuid":"547a8cb5-27cb-4afa-8043-2df7ae758b32"}""",
    ];

    /// <summary>Claude, a 400 for another reason: "API Error: 400 " + the message.</summary>
    public const string ClaudePlain400 =
        """{"type":"result","subtype":"success","is_error":true,"api_error_status":400,"duration_ms":1447,"duration_api_ms":0,"num_turns":1,"result":"API Error: 400 max_tokens: 64001 > 64000, which is the maximum allowed number of output tokens for fake-model","stop_reason":"stop_sequence","session_id":"e49180ff-96f1-46e3-8435-f30624107e76","total_cost_usd":0,"permission_denials":[],"terminal_reason":"completed","fast_mode_state":"off","uuid":"c6fd3a6a-93e7-40b0-b83c-fd314ba0a2cf"}""";

    /// <summary>Claude <c>--resume</c> of a deleted, emptied or garbled transcript alike: stderr, then this result; exit 1.</summary>
    public const string ClaudeSessionNotFoundStderr = "No conversation found with session ID: 8afffa59-2882-450b-baad-1b8f23a28874";

    public const string ClaudeSessionNotFound =
        """{"type":"result","subtype":"error_during_execution","duration_ms":0,"duration_api_ms":0,"is_error":true,"num_turns":0,"stop_reason":null,"session_id":"8afffa59-2882-450b-baad-1b8f23a28874","total_cost_usd":0,"permission_denials":[],"uuid":"cfcf988e-3128-4d86-9ea2-2d8c461d1970","errors":["No conversation found with session ID: 8afffa59-2882-450b-baad-1b8f23a28874"]}""";

    /// <summary>OpenCode 1.18.33 (bin/opencode.exe): the API's message as an <c>APIError</c>, not retryable; exit 1.</summary>
    public const string OpenCodeRefused =
        """{"type":"error","timestamp":1796418922462,"sessionID":"ses_dbd16ab2effe9lkQbXa11B94Nz","error":{"name":"APIError","data":{"message":"An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_Q2fXk1uY8bQ3nJ6wZ0","statusCode":400,"isRetryable":false,"responseBody":"{\n  \"error\": {\n    \"message\": \"An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_Q2fXk1uY8bQ3nJ6wZ0\",\n    \"type\": \"invalid_request_error\",\n    \"param\": \"messages.[3].role\",\n    \"code\": null\n  }\n}","metadata":{"url":"http://127.0.0.1:18431/v1/chat/completions"}}}}""";

    /// <summary>OpenCode with the Anthropic provider (<c>@ai-sdk/anthropic</c>).</summary>
    public const string OpenCodeRefusedAnthropic =
        """{"type":"error","timestamp":1796419212199,"sessionID":"ses_dbd124f23ffe91TKFbBJ4I000X","error":{"name":"APIError","data":{"message":"messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01XyZ8kLmN3pQ4rS5tU6vW7. Each `tool_use` block must have a corresponding `tool_result` block in the next message.","statusCode":400,"isRetryable":false,"responseBody":"{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01XyZ8kLmN3pQ4rS5tU6vW7. Each `tool_use` block must have a corresponding `tool_result` block in the next message.\"},\"request_id\":\"req_011CVabc\"}","metadata":{"url":"http://127.0.0.1:18431/v1/messages"}}}}""";

    /// <summary>OpenCode: its overflow patterns (<c>/exceeds the context window/i</c>, <c>/maximum context length is \d+ tokens/i</c>,
    /// <c>/prompt is too long/i</c>, …) make the error a <c>ContextOverflowError</c> (no statusCode); it tries to compact (a second
    /// request) and prints the error twice; exit 1. The same after a turn that succeeded.</summary>
    public static readonly string[] OpenCodePastContextWindow =
    [
        """{"type":"error","timestamp":1796418929647,"sessionID":"ses_dbd16882dffeCeRWkaTbNyRN8C","error":{"name":"ContextOverflowError","data":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.","responseBody":"{\n  \"error\": {\n    \"message\": \"This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.\",\n    \"type\": \"invalid_request_error\",\n    \"param\": \"messages\",\n    \"code\": \"context_length_exceeded\"\n  }\n}"}}}""",
        """{"type":"error","timestamp":1796418929648,"sessionID":"ses_dbd16882dffeCeRWkaTbNyRN8C","error":{"name":"ContextOverflowError","data":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.","responseBody":"{\n  \"error\": {\n    \"message\": \"This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.\",\n    \"type\": \"invalid_request_error\",\n    \"param\": \"messages\",\n    \"code\": \"context_length_exceeded\"\n  }\n}"}}}""",
    ];

    public const string OpenCodePastContextWindowResponsesText =
        """{"type":"error","timestamp":1796419048909,"sessionID":"ses_dbd14bc37ffeao2DPgBbbcWyfF","error":{"name":"ContextOverflowError","data":{"message":"Your input exceeds the context window of this model. Please adjust your input and try again.","responseBody":"{\n  \"error\": {\n    \"message\": \"Your input exceeds the context window of this model. Please adjust your input and try again.\",\n    \"type\": \"invalid_request_error\",\n    \"param\": \"messages\",\n    \"code\": \"context_length_exceeded\"\n  }\n}"}}}""";

    public const string OpenCodePastContextWindowAnthropic =
        """{"type":"error","timestamp":1796419230643,"sessionID":"ses_dbd11fe0cffeGSKCy1Ip9cuTku","error":{"name":"ContextOverflowError","data":{"message":"prompt is too long: 213801 tokens > 200000 maximum","responseBody":"{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 213801 tokens > 200000 maximum\"},\"request_id\":\"req_011CVdef\"}"}}}""";

    /// <summary>OpenCode when its own compaction cannot help (read from the binary, not captured): a ContextOverflowError with
    /// one of these messages.</summary>
    public static readonly string[] OpenCodeCompactionFailed =
    [
        "Conversation history too large to compact - exceeds model context limit",
        "Session too large to compact - context exceeds model limit even after stripping media",
    ];

    public const string OpenCodePlain400 =
        """{"type":"error","timestamp":1796419062255,"sessionID":"ses_dbd148867ffeiXTQJAq45rI2M8","error":{"name":"APIError","data":{"message":"Invalid value for 'temperature': must be between 0 and 2.","statusCode":400,"isRetryable":false,"responseBody":"{\n  \"error\": {\n    \"message\": \"Invalid value for 'temperature': must be between 0 and 2.\",\n    \"type\": \"invalid_request_error\",\n    \"param\": \"temperature\",\n    \"code\": \"invalid_value\"\n  }\n}","metadata":{"url":"http://127.0.0.1:18431/v1/chat/completions"}}}}""";

    /// <summary>OpenCode <c>run --session</c> with an unknown id: stderr (colours included), exit 1.</summary>
    public const string OpenCodeSessionNotFound = "\u001b[91m\u001b[1mError: \u001b[0mSession not found";

    /// <summary>Pi 0.73.1 (exit 0): the assistant's <c>errorMessage</c> is the SDK's error, "400 " + the message (openai-completions,
    /// openai-responses) or + the whole body (anthropic-messages), in <c>message_end</c>, <c>turn_end</c> and <c>agent_end</c>.</summary>
    public const string PiRefused =
        """{"type":"agent_end","messages":[{"role":"user","timestamp":1796419067045},{"role":"assistant","api":"openai-completions","provider":"fake","model":"fake-model","stopReason":"error","timestamp":1796419067138,"errorMessage":"400 An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_Q2fXk1uY8bQ3nJ6wZ0"}]}""";

    public const string PiRefusedAnthropic =
        """{"type":"agent_end","messages":[{"role":"user","timestamp":1796419175746},{"role":"assistant","api":"anthropic-messages","provider":"fake","model":"fake-model","stopReason":"error","timestamp":1796419175784,"errorMessage":"400 {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01XyZ8kLmN3pQ4rS5tU6vW7. Each `tool_use` block must have a corresponding `tool_result` block in the next message.\"},\"request_id\":\"req_011CVabc\"}"}]}""";

    public const string PiRefusedResponsesText = "400 No tool output found for function call call_Q2fXk1uY8bQ3nJ6wZ0.";

    /// <summary>Pi on an overflow (its <c>isContextOverflow</c>, pi-ai/dist/utils/overflow.js): <c>agent_end</c>, then
    /// <c>compaction_start</c> with reason "overflow" — and print mode exits there, before the compaction ends.</summary>
    public static readonly string[] PiPastContextWindow =
    [
        """{"type":"agent_end","messages":[{"role":"user","timestamp":1796419069955},{"role":"assistant","api":"openai-completions","provider":"fake","model":"fake-model","stopReason":"error","timestamp":1796419070062,"errorMessage":"400 This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages."}]}""",
        """{"type":"compaction_start","reason":"overflow"}""",
    ];

    public const string PiPastContextWindowAnthropicText =
        """400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 213801 tokens > 200000 maximum"},"request_id":"req_011CVdef"}""";

    public const string PiPastContextWindowResponsesText = "400 Your input exceeds the context window of this model. Please adjust your input and try again.";

    /// <summary>Pi's <c>compaction_end</c> errorMessage when the overflow could not be recovered (agent-session.js, read, not
    /// captured: Pi lives on after the turn only outside print mode); the second is <c>`Context overflow recovery failed:
    /// ${errorMessage}`</c> with the compaction request's own error filled in.</summary>
    public static readonly string[] PiCompactionFailed =
    [
        "Context overflow recovery failed after one compact-and-retry attempt. Try reducing context or switching to a larger-context model.",
        "Context overflow recovery failed: 400 This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
    ];

    /// <summary>The Gemini API's refusals of a history whose function calls and responses do not pair (reported through
    /// Gemini CLI as "[API Error: …]", google-gemini/gemini-cli#17208, #17857), and its overflow; Gemini CLI 0.61.0's own
    /// <c>Context window will overflow (estimated: ${…}, remaining: ${…})</c> (read from its bundle), numbers filled in; the
    /// Gemini API's overflow as pi-ai's overflow.js quotes it. Not captured here.</summary>
    public static readonly string[] GeminiRefused =
    [
        "Please ensure that function response turn comes immediately after a function call turn.",
        "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.",
    ];

    public static readonly string[] GeminiPastContextWindow =
    [
        "The input token count (1196265) exceeds the maximum number of tokens allowed (1048575).",
        "Context window will overflow (estimated: 1100000, remaining: 48000)",
    ];
}
