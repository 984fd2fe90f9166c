namespace Shepherd.Tests.Unit;

/// <summary>Lines Qwen Code 0.24.4 and Copilot CLI 1.0.102 printed on stdout, run on 2026-12-04 (about 20:37–21:18 UTC) as
/// a new user against the project's fake model server (docs/agents-found.md section 10). Kept as printed; Qwen's init
/// line lists its tools, Copilot's startup events (skills, MCP servers, tools) are left out.</summary>
internal static class RealQwenCopilotLines
{
    /// <summary>Qwen Code 0.24.4, <c>qwen -o stream-json --yolo --session-id 1111…</c>, prompt on stdin, answered "OK": exit 0.</summary>
    public static readonly string[] QwenSuccess =
    [
        """{"type":"system","subtype":"init","uuid":"11111111-1111-4111-8111-111111111111","session_id":"11111111-1111-4111-8111-111111111111","cwd":"/tmp/qc-x/s/work","tools":["web_fetch","tool_call","get_goal","update_goal","read_mcp_resource","tool_search","agent","list_agents","send_message","skill","read_file","zoom_image","write_file","run_shell_command","report_findings","enter_worktree","exit_worktree","record_artifact","cron_create","cron_list","cron_delete","loop_wakeup","monitor","task_stop","grep_search","glob","edit","notebook_edit"],"mcp_servers":[],"model":"fake-model","permission_mode":"yolo","slash_commands":["auth","batch","browser-use","bug","clear","compress","compress-fast","computer-use","config","context","coordinate","curator","dataviz","diff","docs","doctor","effort","export","extension-creator","extensions","goal","goal-draft","hooks","import-config","init","insight","language","loop","model","new-app","output-style","qc-helper","review","simplify","stats","status","stuck","summary","tasks","update","workflow-authoring","workflow-creator","zvec-grep-install"],"qwen_code_version":"0.24.4","agents":["general-purpose","Explore","statusline-setup","review-agent","claude-code","codex"]}""",
        """{"type":"stream_event","uuid":"9235f227-6733-401b-b1df-9d0c2e9da0fb","session_id":"11111111-1111-4111-8111-111111111111","parent_tool_use_id":null,"event":{"type":"goal_state","goal_state":{"v":2,"goal":null,"activity":"idle"}}}""",
        """{"type":"assistant","uuid":"ce3a02df-a1f4-4c11-a91f-299375d5211b","session_id":"11111111-1111-4111-8111-111111111111","parent_tool_use_id":null,"message":{"id":"ce3a02df-a1f4-4c11-a91f-299375d5211b","type":"message","role":"assistant","model":"fake-model","content":[{"type":"text","text":"OK"}],"stop_reason":null,"usage":{"input_tokens":18947,"output_tokens":1,"cache_read_input_tokens":0,"total_tokens":18948}}}""",
        """{"type":"result","subtype":"success","uuid":"87cb0069-c81d-4416-ac67-24353fbc65c8","session_id":"11111111-1111-4111-8111-111111111111","is_error":false,"duration_ms":6624,"duration_api_ms":2447,"num_turns":1,"result":"OK","usage":{"input_tokens":29981,"output_tokens":2,"cache_read_input_tokens":0,"total_tokens":29983},"permission_denials":[]}""",
    ];

    /// <summary>Qwen Code 0.24.4 against HTTP 500 on every request (28 requests in 86 s with its default retries): exit 1.</summary>
    public static readonly string[] QwenServerError =
    [
        """{"type":"stream_event","uuid":"5d96ab31-a1fe-46a1-8924-646cf81a5222","session_id":"33333333-3333-4333-8333-333333333333","parent_tool_use_id":null,"event":{"type":"goal_state","goal_state":{"v":2,"goal":null,"activity":"idle"}}}""",
        """{"type":"assistant","uuid":"13e85b86-7b2c-4253-9e85-14b01d2a8d49","session_id":"33333333-3333-4333-8333-333333333333","parent_tool_use_id":null,"message":{"id":"13e85b86-7b2c-4253-9e85-14b01d2a8d49","type":"message","role":"assistant","model":"fake-model","content":[{"type":"text","text":"[API Error: 500 fake error 500]"}],"stop_reason":null,"usage":{"input_tokens":0,"output_tokens":0}}}""",
        """{"type":"result","subtype":"error_during_execution","uuid":"9c02df14-7a7c-4fb6-8cc9-6be12f28cfa6","session_id":"33333333-3333-4333-8333-333333333333","is_error":true,"duration_ms":91234,"duration_api_ms":0,"num_turns":1,"usage":{"input_tokens":0,"output_tokens":0,"cache_read_input_tokens":0},"permission_denials":[],"error":{"message":"[API Error: 500 fake error 500]"}}""",
    ];

    /// <summary>Qwen Code 0.24.4 against 429 with retry-after: 2, settings <c>{"model":{"generationConfig":{"maxRetries":1}}}</c>: exit 1.</summary>
    public static readonly string[] QwenRateLimited =
    [
        """{"type":"stream_event","uuid":"81271c53-86ad-4644-826d-3ddec85ded9a","session_id":"99999999-9999-4999-8999-999999999991","parent_tool_use_id":null,"event":{"type":"goal_state","goal_state":{"v":2,"goal":null,"activity":"idle"}}}""",
        """{"type":"system","subtype":"retry","uuid":"099c70aa-8e7a-4dff-b69e-dc71333d4394","session_id":"99999999-9999-4999-8999-999999999991","parent_tool_use_id":null,"data":{"reason":"retry","attempt":1,"maxRetries":1,"delayMs":2000,"discardedToolCalls":0,"preserveText":false}}""",
        """{"type":"system","subtype":"retry","uuid":"5fc6c8ae-9874-47f3-9636-01cdf90fe269","session_id":"99999999-9999-4999-8999-999999999991","parent_tool_use_id":null,"data":{"reason":"retry","discardedToolCalls":0,"preserveText":false}}""",
        """{"type":"assistant","uuid":"f25e4e7b-9695-47c1-9458-8f6f09673c70","session_id":"99999999-9999-4999-8999-999999999991","parent_tool_use_id":null,"message":{"id":"f25e4e7b-9695-47c1-9458-8f6f09673c70","type":"message","role":"assistant","model":"fake-model","content":[{"type":"text","text":"[API Error: 429 fake rate limit]\nPossible quota limitations in place or slow response times detected. Please wait and try again later."}],"stop_reason":null,"usage":{"input_tokens":0,"output_tokens":0}}}""",
        """{"type":"result","subtype":"error_during_execution","uuid":"b5e272e5-5a22-45a9-ba0b-ecc7e342b072","session_id":"99999999-9999-4999-8999-999999999991","is_error":true,"duration_ms":56475,"duration_api_ms":0,"num_turns":1,"usage":{"input_tokens":0,"output_tokens":0,"cache_read_input_tokens":0},"permission_denials":[],"error":{"message":"[API Error: 429 fake rate limit]\nPossible quota limitations in place or slow response times detected. Please wait and try again later."}}""",
    ];

    /// <summary>Copilot CLI 1.0.102, <c>copilot --output-format json --allow-all-tools --no-auto-update --session-id c0c0…40</c>, prompt on stdin, answered "OK": exit 0.</summary>
    public static readonly string[] CopilotSuccess =
    [
        """{"type":"user.message","data":{"content":"Hello CP40","transformedContent":"<current_datetime>2026-12-04T21:18:33.485+00:00</current_datetime>\n\nHello CP40","messageId":"473e75b1-3539-4e8e-92f5-9722cf138152","supportedNativeDocumentMimeTypes":[],"delivery":"idle","interactionId":"59327ada-5791-4700-8cfe-ab0eab2ac16c","turnId":"0","parentAgentTaskId":"48cc1c00-7352-4eef-8b69-3c1b5c31ab12"},"id":"42ff6e28-f072-41db-8b8e-61491b6ee828","timestamp":"2026-12-04T21:18:33.485Z","parentId":"d77b82c1-856f-426b-a5ad-0aa5489130af"}""",
        """{"type":"assistant.turn_start","data":{"turnId":"0","interactionId":"59327ada-5791-4700-8cfe-ab0eab2ac16c"},"id":"e364d9ca-98bc-4815-ad30-41637cf6c80c","timestamp":"2026-12-04T21:18:33.499Z","parentId":"62d02504-7131-48d3-b507-34dc89a07f25"}""",
        """{"type":"model.call_start","data":{"turnId":"0","model":"fake-model"},"ephemeral":true,"id":"4ace4037-c8eb-4f67-99ee-4bd3801d226c","timestamp":"2026-12-04T21:18:33.700Z","parentId":"e364d9ca-98bc-4815-ad30-41637cf6c80c"}""",
        """{"type":"assistant.message_start","data":{"messageId":"975b5563-3e05-44fe-9380-16d05b2e97e2"},"ephemeral":true,"id":"aa1f9f76-a504-4563-a282-849b9bdb4ce1","timestamp":"2026-12-04T21:18:33.771Z","parentId":"e364d9ca-98bc-4815-ad30-41637cf6c80c"}""",
        """{"type":"assistant.message_delta","data":{"messageId":"975b5563-3e05-44fe-9380-16d05b2e97e2","deltaContent":"OK"},"ephemeral":true,"id":"52ba2b27-54a0-41ff-9fde-0f3edc08863c","timestamp":"2026-12-04T21:18:33.771Z","parentId":"e364d9ca-98bc-4815-ad30-41637cf6c80c"}""",
        """{"type":"model.call_finished","data":{"turnId":"0","dispatchDurationMs":84,"outcome":"success","editClassifierVersion":1,"interactionId":"59327ada-5791-4700-8cfe-ab0eab2ac16c","containsBuiltInFileEditRequest":false},"ephemeral":true,"id":"c10686b3-0113-4ddf-8e46-d92ff74f844b","timestamp":"2026-12-04T21:18:33.792Z","parentId":"e7ed9403-2f1e-48c6-9f0b-7896f80c2f64"}""",
        """{"type":"assistant.message","data":{"messageId":"975b5563-3e05-44fe-9380-16d05b2e97e2","originatingMessageId":"473e75b1-3539-4e8e-92f5-9722cf138152","model":"fake-model","content":"OK","toolRequests":[],"interactionId":"59327ada-5791-4700-8cfe-ab0eab2ac16c","turnId":"0","rte":false,"apiCallId":"chatcmpl_5"},"id":"5bd881c3-0071-48da-977b-b18ee9bbec30","timestamp":"2026-12-04T21:18:33.794Z","parentId":"e7ed9403-2f1e-48c6-9f0b-7896f80c2f64"}""",
        """{"type":"model.call_final_result","data":{"model":"fake-model","isByok":true,"result":"success"},"ephemeral":true,"id":"15fe5f7b-5d32-4834-a7dd-aae7b7dd42f8","timestamp":"2026-12-04T21:18:33.797Z","parentId":"5bd881c3-0071-48da-977b-b18ee9bbec30"}""",
        """{"type":"assistant.turn_end","data":{"turnId":"0"},"id":"0cfbc2a0-2dd8-45cd-9b66-64e159630425","timestamp":"2026-12-04T21:18:33.797Z","parentId":"5bd881c3-0071-48da-977b-b18ee9bbec30"}""",
        """{"type":"assistant.idle","data":{},"ephemeral":true,"id":"34f93a80-dcb6-4361-99b1-97f1dde91a6d","timestamp":"2026-12-04T21:18:33.813Z","parentId":"0cfbc2a0-2dd8-45cd-9b66-64e159630425"}""",
        """{"type":"result","timestamp":"2026-12-04T21:18:33.834Z","sessionId":"c0c0c0c0-0000-4000-8000-000000000040","exitCode":0,"usage":{"premiumRequests":0,"totalApiDurationMs":79,"sessionDurationMs":757,"codeChanges":{"linesAdded":0,"linesRemoved":0,"filesModified":[]}}}""",
    ];

    /// <summary>Copilot CLI 1.0.102 against HTTP 500 on every request: 6 requests in 18 s (5 retries), exit 1.</summary>
    public static readonly string[] CopilotServerError =
    [
        """{"type":"user.message","data":{"content":"Task FAIL500 CP3","transformedContent":"<current_datetime>2026-12-04T21:01:23.475+00:00</current_datetime>\n\nTask FAIL500 CP3","messageId":"f5b25cda-63fb-4837-9a3d-bba257a0d3fa","supportedNativeDocumentMimeTypes":[],"delivery":"idle","interactionId":"103604b6-0081-46b5-9e39-0e3bac5e55e4","turnId":"0","parentAgentTaskId":"2d14805f-a61f-42ae-9fb1-7415f880de31"},"id":"a48312b1-d6bb-4a31-a7a2-16a08438eb27","timestamp":"2026-12-04T21:01:23.476Z","parentId":"f06a727d-fd55-4593-be9e-c445ba6d5801"}""",
        """{"type":"assistant.turn_start","data":{"turnId":"0","interactionId":"103604b6-0081-46b5-9e39-0e3bac5e55e4"},"id":"104535c8-d481-4ab2-84b6-f7429b24c31e","timestamp":"2026-12-04T21:01:23.485Z","parentId":"33b28c5f-e4ea-437a-b35b-6ce393570572"}""",
        """{"type":"model.call_failure","data":{"model":"fake-model","statusCode":500,"durationMs":107,"apiEndpoint":"/chat/completions","transport":"http","requestBodyBytes":47952,"requestBodyWireBytes":47952,"requestBodyEncoding":"identity","retryAttempt":0,"failureKind":"api","maxPromptTokens":128000,"isByok":true,"byokKind":"local_user","modelProvider":"other","providerType":"openai","isAuto":false,"interactionType":"conversation-agent","rte":false,"source":"top_level","errorMessage":"{\"type\":\"server_error\",\"code\":\"server_error\",\"message\":\"fake error 500\",\"param\":null}","errorCode":"server_error","errorType":"server_error"},"ephemeral":true,"id":"c8c61ae4-de7c-4a18-8a83-aa713fc3d69f","timestamp":"2026-12-04T21:01:24.022Z","parentId":"104535c8-d481-4ab2-84b6-f7429b24c31e"}""",
        """{"type":"assistant.turn_retry","data":{"turnId":"0","model":"fake-model","reason":"api_error"},"ephemeral":true,"id":"5717f939-4345-488a-9cc7-5514335757b2","timestamp":"2026-12-04T21:01:25.033Z","parentId":"104535c8-d481-4ab2-84b6-f7429b24c31e"}""",
        """{"type":"model.call_final_result","data":{"model":"fake-model","isByok":true,"result":"http_5xx"},"ephemeral":true,"id":"3043e8e8-835c-4089-bc62-226b4a28c062","timestamp":"2026-12-04T21:01:42.533Z","parentId":"104535c8-d481-4ab2-84b6-f7429b24c31e"}""",
        """{"type":"assistant.turn_end","data":{"turnId":"0"},"id":"10611e51-0ca3-43e9-b712-700df6eaa2d7","timestamp":"2026-12-04T21:01:42.533Z","parentId":"104535c8-d481-4ab2-84b6-f7429b24c31e"}""",
        """{"type":"session.error","data":{"errorType":"query","message":"Failed to get response from the AI model; retried 5 times (total retry wait time: 17.89 seconds) Last error: 500 fake error 500","statusCode":500,"originatingMessageId":"f5b25cda-63fb-4837-9a3d-bba257a0d3fa"},"id":"615683ba-b626-46b5-889c-10c80dad9464","timestamp":"2026-12-04T21:01:42.544Z","parentId":"10611e51-0ca3-43e9-b712-700df6eaa2d7"}""",
        """{"type":"assistant.idle","data":{},"ephemeral":true,"id":"aa923c9f-cb6d-4465-bdeb-2cfdf176e2af","timestamp":"2026-12-04T21:01:42.568Z","parentId":"615683ba-b626-46b5-889c-10c80dad9464"}""",
        """{"type":"result","timestamp":"2026-12-04T21:01:42.581Z","sessionId":"c0c0c0c0-0000-4000-8000-000000000003","exitCode":1,"usage":{"premiumRequests":0,"totalApiDurationMs":0,"sessionDurationMs":19705,"codeChanges":{"linesAdded":0,"linesRemoved":0,"filesModified":[]}}}""",
    ];

    /// <summary>Copilot CLI 1.0.102 against 429 with retry-after: 2: 6 requests in 12 s, exit 1 (the last lines).</summary>
    public static readonly string[] CopilotRateLimited =
    [
        """{"type":"assistant.turn_retry","data":{"turnId":"0","model":"fake-model","reason":"rate_limit"},"ephemeral":true,"id":"b80e6dad-4279-4d80-adc3-ce7cb577a055","timestamp":"2026-12-04T21:02:10.437Z","parentId":"89d7472a-53b9-4c6f-b9d0-5f59d025016d"}""",
        """{"type":"model.call_failure","data":{"model":"fake-model","statusCode":429,"durationMs":15,"apiEndpoint":"/chat/completions","transport":"http","requestBodyBytes":47950,"requestBodyWireBytes":47950,"requestBodyEncoding":"identity","retryAttempt":5,"failureKind":"api","maxPromptTokens":128000,"isByok":true,"byokKind":"local_user","modelProvider":"other","providerType":"openai","isAuto":false,"interactionType":"conversation-agent","rte":false,"source":"top_level","errorMessage":"{\"type\":\"rate_limit_exceeded\",\"code\":\"rate_limit_exceeded\",\"message\":\"fake rate limit\",\"param\":null}","requestFingerprint":{"messageCount":2,"toolResultMessageCount":0,"toolCallCount":0,"namelessToolCallCount":0,"customToolCallCount":0,"unmatchedToolResultCount":0,"orphanToolCallCount":0,"imagePartCount":0,"imagePartsMissingMediaType":0,"imageBytes":0,"reasoningItemCount":0,"encryptedContentBytes":0,"lastMessageRole":"user"},"errorCode":"rate_limit_exceeded","errorType":"rate_limit_exceeded"},"ephemeral":true,"id":"49fe1340-104e-46f6-beb4-bb633e802740","timestamp":"2026-12-04T21:02:10.466Z","parentId":"89d7472a-53b9-4c6f-b9d0-5f59d025016d"}""",
        """{"type":"assistant.turn_end","data":{"turnId":"0"},"id":"ff1bd099-077c-432b-83ff-21a094c7890b","timestamp":"2026-12-04T21:02:10.473Z","parentId":"89d7472a-53b9-4c6f-b9d0-5f59d025016d"}""",
        """{"type":"session.error","data":{"errorType":"rate_limit","message":"Failed to get response from the AI model; retried 5 times (total retry wait time: 10.88 seconds) Last error: 429 fake rate limit","statusCode":429,"originatingMessageId":"e11cc100-2df9-4b3c-a2ca-3f6642b502e4"},"id":"4337c61b-63d9-4d3f-87b2-0e066505cb9f","timestamp":"2026-12-04T21:02:10.512Z","parentId":"ff1bd099-077c-432b-83ff-21a094c7890b"}""",
        """{"type":"assistant.idle","data":{},"ephemeral":true,"id":"8043b258-dc53-4ae8-9d0f-a289d2856cd2","timestamp":"2026-12-04T21:02:10.575Z","parentId":"4337c61b-63d9-4d3f-87b2-0e066505cb9f"}""",
        """{"type":"result","timestamp":"2026-12-04T21:02:10.588Z","sessionId":"c0c0c0c0-0000-4000-8000-000000000004","exitCode":1,"usage":{"premiumRequests":0,"totalApiDurationMs":0,"sessionDurationMs":12322,"codeChanges":{"linesAdded":0,"linesRemoved":0,"filesModified":[]}}}""",
    ];

    /// <summary>Copilot CLI 1.0.102 when the server drops every connection: exit 1 (the last lines).</summary>
    public static readonly string[] CopilotDropped =
    [
        """{"type":"assistant.turn_end","data":{"turnId":"0"},"id":"60da4bfd-c48a-44c3-823c-a07e347ab89d","timestamp":"2026-12-04T21:02:22.092Z","parentId":"0019f400-35a0-4252-8856-e8d6736d1fb5"}""",
        """{"type":"session.error","data":{"errorType":"query","message":"Failed to get response from the AI model; retried 5 times (total retry wait time: 5.00 seconds) Last error: Failed native model HTTP request: error sending request for url (******/chat/completions): client error (SendRequest): connection error: Connection reset by peer (os error 104) [ECONNRESET]","originatingMessageId":"f30e82f7-e4b0-4c0c-8c4e-39f27d36357d"},"id":"f7ced11b-d091-4003-92de-7571422a25de","timestamp":"2026-12-04T21:02:22.094Z","parentId":"60da4bfd-c48a-44c3-823c-a07e347ab89d"}""",
        """{"type":"assistant.idle","data":{},"ephemeral":true,"id":"3d565225-4e22-408d-924a-4711e10f4d8c","timestamp":"2026-12-04T21:02:22.175Z","parentId":"f7ced11b-d091-4003-92de-7571422a25de"}""",
        """{"type":"result","timestamp":"2026-12-04T21:02:22.189Z","sessionId":"c0c0c0c0-0000-4000-8000-000000000005","exitCode":1,"usage":{"premiumRequests":0,"totalApiDurationMs":0,"sessionDurationMs":6954,"codeChanges":{"linesAdded":0,"linesRemoved":0,"filesModified":[]}}}""",
    ];

    /// <summary>Copilot CLI 1.0.102 against HTTP 401: no retry, exit 1.</summary>
    public static readonly string[] CopilotUnauthorized =
    [
        """{"type":"assistant.turn_end","data":{"turnId":"0"},"id":"e6ef7c81-a393-442b-be67-b22bda765cec","timestamp":"2026-12-04T21:15:32.687Z","parentId":"2e328486-003c-46f0-914d-57c60d4d1e31"}""",
        """{"type":"session.error","data":{"errorType":"authentication","message":"Authentication failed with provider at ****** (HTTP 401).\n  Check your COPILOT_PROVIDER_API_KEY, COPILOT_PROVIDER_API_KEY_COMMAND, or COPILOT_PROVIDER_BEARER_TOKEN.","statusCode":401,"originatingMessageId":"657c2698-c46e-4083-bb5b-9af06249bf58"},"id":"e251794e-fd23-460a-9545-fed787d36c48","timestamp":"2026-12-04T21:15:32.688Z","parentId":"e6ef7c81-a393-442b-be67-b22bda765cec"}""",
        """{"type":"assistant.idle","data":{},"ephemeral":true,"id":"69e55ec1-39d7-4a90-af82-3485c68f43e7","timestamp":"2026-12-04T21:15:32.705Z","parentId":"e251794e-fd23-460a-9545-fed787d36c48"}""",
        """{"type":"result","timestamp":"2026-12-04T21:15:32.713Z","sessionId":"c0c0c0c0-0000-4000-8000-000000000032","exitCode":1,"usage":{"premiumRequests":0,"totalApiDurationMs":0,"sessionDurationMs":3126,"codeChanges":{"linesAdded":0,"linesRemoved":0,"filesModified":[]}}}""",
    ];

    /// <summary>Copilot CLI 1.0.102, SIGTERM to its group mid-turn: the native child still ends with <c>exitCode: 0</c> (the node loader died of the signal).</summary>
    public static readonly string[] CopilotSigterm =
    [
        """{"type":"assistant.turn_end","data":{"turnId":"0"},"id":"90321579-10d3-4943-b407-92bf7906cdc9","timestamp":"2026-12-04T21:08:19.872Z","parentId":"3028aaa7-7cd2-4d26-b32e-68b8cc247791"}""",
        """{"type":"assistant.idle","data":{"aborted":true},"ephemeral":true,"id":"053dff93-1b4a-470d-8136-46eef1654066","timestamp":"2026-12-04T21:08:20.059Z","parentId":"90321579-10d3-4943-b407-92bf7906cdc9"}""",
        """{"type":"result","timestamp":"2026-12-04T21:08:20.071Z","sessionId":"c0c0c0c0-0000-4000-8000-000000000013","exitCode":0,"usage":{"premiumRequests":0,"totalApiDurationMs":0,"sessionDurationMs":1926,"codeChanges":{"linesAdded":0,"linesRemoved":0,"filesModified":[]}}}""",
    ];

    /// <summary>Their stderr lines that decide a verdict.</summary>
    public const string QwenUnknownSession = "No saved session found with ID 12345678-1234-4234-8234-123456789abc. Run `qwen --resume` without an ID to choose from existing sessions.";
    public const string QwenSessionTaken = "Error: Session Id 11111111-1111-4111-8111-111111111111 already exists (active or archived). Delete or unarchive it first.";
    public const string QwenUnknownArgument = "Unknown arguments: bogus-flag, bogusFlag";
    public const string QwenWallTime = "Run aborted: wall-clock budget of 3s exceeded (--max-wall-time).";
    public const string QwenRetrying = "Retrying in 2s (attempt 1/1): [API Error: 429 fake rate limit]";
    public const string CopilotUnknownArgument = "error: unexpected argument '--bogus-flag' found";
    public const string CopilotNoSuchSession = "Error: No session or task matched 'c0c0c0c0-0000-4000-8000-00000000097'.";

    /// <summary>Qwen Code 0.24.4 (<c>formatQuotaExhaustedMessage</c>, chunks/chunk-H4VGADZA.js): "Quota exhausted: " + the
    /// provider's message without its status + a fixed advice, printed when a 429's message names an exhausted or exceeded
    /// quota and "will reset" or "reset at" (it is not retried). The provider text is Bailian's token plan, as in
    /// qwen-code's own tests of that function.</summary>
    public const string QwenQuotaExhausted =
        "Quota exhausted: Your token-plan 1-week quota has been exhausted. The quota will reset at 07-27 09:25:00 UTC.\n\nPlease retry after the reset time, or switch to another API key / auth method.";

    /// <summary>Copilot CLI 1.0.102's own pieces for GitHub's limits (in prebuilds/linux-x64/runtime.node, the native
    /// runtime: Rust string table, pieces joined at run time), only for a GitHub login (never for a BYOK provider).</summary>
    public static readonly string[] CopilotPieces =
    [
        "You've hit your rate limit.", "Please wait for your limit to reset", "You've hit the rate limit for this model.",
        "Please switch models or wait for your limit to reset", "You've hit your session rate limit.", "You've reached your weekly rate limit.",
        "or switch to auto model to continue", "Learn More (https://docs.github.com/copilot/concepts/rate-limits).", " Your limit resets ",
        " Your quota resets ", "No remaining quota for premium requests", "AI credit limit reached",
    ];

    /// <summary>Copilot's session.error messages (errorType rate_limit) as users reported them for earlier 1.0.x releases
    /// (GitHub issues of github/copilot-cli): the weekly limit with its reset, the server's own text, the global limit.</summary>
    public static readonly string[] CopilotSeen =
    [
        "You've reached your weekly rate limit. Please wait for your limit to reset on April 20, 2026 at 2:00 AM or switch to auto model to continue. Learn More (https://docs.github.com/en/copilot/concepts/rate-limits).",
        "Sorry, you've hit a rate limit that restricts the number of Copilot model requests you can make within a specific time period. Please try again in 51 hours. Please review our Terms of Service (https://docs.github.com/site-policy/github-terms/github-terms-of-service).",
        "You've hit your global rate limit. Please upgrade your plan or wait 6 seconds for your limit to reset.",
    ];
}
