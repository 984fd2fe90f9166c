namespace Shepherd.FakeModel;

/// <summary>The bodies the real model APIs answer (HTTP 400) when a conversation cannot go on, as captured for
/// docs/agents-found.md §8: a history with a tool call but not its result, and a history past the context window. Per API:
/// OpenAI Responses (Codex), chat completions (OpenCode, Pi), Anthropic Messages (Claude).</summary>
public static class RealErrorBodies
{
    public static string RefusedHistory(ApiKind api) => api switch
    {
        ApiKind.Responses => """
            {
              "error": {
                "message": "No tool output found for function call call_Qx1bV8mZ2kLr5TtY7wNc3dHs.",
                "type": "invalid_request_error",
                "param": "input",
                "code": null
              }
            }
            """,
        ApiKind.Anthropic => """{"type":"error","error":{"type":"invalid_request_error","message":"messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01XFDUDYJgAACzvnptvVoYEL. Each `tool_use` block must have a corresponding `tool_result` block in the next message."},"request_id":"req_011CQfakeRefusedHistory"}""",
        _ => """
            {
              "error": {
                "message": "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_Qx1bV8mZ2kLr5TtY7wNc3dHs",
                "type": "invalid_request_error",
                "param": "messages.[2].role",
                "code": null
              }
            }
            """,
    };

    public static string PastContextWindow(ApiKind api) => api switch
    {
        ApiKind.Responses => """
            {
              "error": {
                "message": "Your input exceeds the context window of this model. Please adjust your input and try again.",
                "type": "invalid_request_error",
                "param": "input",
                "code": "context_length_exceeded"
              }
            }
            """,
        ApiKind.Anthropic => """{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 213801 tokens > 200000 maximum"},"request_id":"req_011CQfakePromptTooLong"}""",
        _ => """
            {
              "error": {
                "message": "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
                "type": "invalid_request_error",
                "param": "messages",
                "code": "context_length_exceeded"
              }
            }
            """,
    };

    /// <summary>HTTP 400 with the refused-history body of the request's API.</summary>
    public static ReplyBehavior Refused(RecordedRequest r) => ReplyBehavior.ErrorWithBody(400, RefusedHistory(r.Kind));

    /// <summary>HTTP 400 with the context-window body of the request's API.</summary>
    public static ReplyBehavior Overflow(RecordedRequest r) => ReplyBehavior.ErrorWithBody(400, PastContextWindow(r.Kind));
}
