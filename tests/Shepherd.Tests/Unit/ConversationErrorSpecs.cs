using System.Text.Json;
using Shepherd.Agents;
using Shouldly;
using C = Shepherd.Agents.ConversationErrors;
using R = Shepherd.Tests.Unit.RealConversationErrors;

namespace Shepherd.Tests.Unit;

/// <summary>ConversationErrors.HandoffReason on the real messages of the pinned CLIs and the model APIs they pass on.</summary>
public sealed class ConversationErrorSpecs
{
    /// <summary>The message an error event line carries, as the adapter's parser takes it.</summary>
    private static string MessageOf(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var e = doc.RootElement;
        return e.GetProperty("type").GetString() switch
        {
            "turn.failed" => e.GetProperty("error").GetProperty("message").GetString()!,
            "result" => e.GetProperty("result").GetString()!,
            "agent_end" => e.GetProperty("messages")[1].GetProperty("errorMessage").GetString()!,
            "error" when e.TryGetProperty("error", out var err) => err.GetProperty("data").GetProperty("message").GetString()!,
            _ => e.GetProperty("message").GetString()!,
        };
    }

    public static TheoryData<string, string> Refused => new()
    {
        { MessageOf(R.CodexRefused[1]), C.ToolCallWithoutResult },
        { MessageOf(R.ClaudeRefused[1]), C.ToolCallWithoutResult },
        { MessageOf(R.OpenCodeRefused), C.ToolCallWithoutResult },
        { MessageOf(R.OpenCodeRefusedAnthropic), C.ToolCallWithoutResult },
        { MessageOf(R.PiRefused), C.ToolCallWithoutResult },
        { MessageOf(R.PiRefusedAnthropic), C.ToolCallWithoutResult },
        { R.PiRefusedResponsesText, C.ToolCallWithoutResult },
        { R.GeminiRefused[0], C.ToolCallWithoutResult },
        { R.GeminiRefused[1], C.ToolCallWithoutResult },
        { MessageOf(R.ClaudeToolResultWithoutCall), C.ToolResultWithoutCall },
        { "400 No tool call found for function call output with call_id call_Q2fXk1uY8bQ3nJ6wZ0.", C.ToolResultWithoutCall },
        { "400 Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", C.ToolResultWithoutCall },
        { MessageOf(R.ClaudeDuplicateToolUse), C.DuplicateToolCall },
        { "messages.4.content.0: `tool_use` ids must be unique", C.DuplicateToolCall },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_refused_history_is_read(string message, string reason) => C.HandoffReason(message).ShouldBe(reason);

    public static TheoryData<string> PastTheWindow => new()
    {
        R.CodexContextWindow,
        MessageOf(R.CodexPastContextWindow[1]),
        MessageOf(R.ClaudePastContextWindowFirstTurn),
        MessageOf(R.ClaudePastContextWindow[3]),
        MessageOf(R.OpenCodePastContextWindow[0]),
        MessageOf(R.OpenCodePastContextWindowResponsesText),
        MessageOf(R.OpenCodePastContextWindowAnthropic),
        R.OpenCodeCompactionFailed[0],
        R.OpenCodeCompactionFailed[1],
        MessageOf(R.PiPastContextWindow[0]),
        R.PiPastContextWindowAnthropicText,
        R.PiPastContextWindowResponsesText,
        R.PiCompactionFailed[0],
        R.PiCompactionFailed[1],
        R.GeminiPastContextWindow[0],
        R.GeminiPastContextWindow[1],
        "input length and `max_tokens` exceed context limit: 198000 + 32000 > 200000, decrease input length or `max_tokens` and try again",
    };

    [Theory]
    [MemberData(nameof(PastTheWindow))]
    public void A_conversation_past_the_context_window_is_read(string message) => C.HandoffReason(message).ShouldBe(C.PastContextWindow);

    [Fact]
    public void A_session_the_agent_cannot_load_is_read() => C.HandoffReason(R.CodexSessionUnreadable).ShouldBe(C.SessionUnreadable);

    public static TheoryData<string> Other => new()
    {
        MessageOf(R.CodexPlain400),
        MessageOf(R.ClaudePlain400),
        MessageOf(R.OpenCodePlain400),
        "400 Invalid value for 'temperature': must be between 0 and 2.",
        "exceeded retry limit, last status: 429 Too Many Requests",
        "Rate limit reached for gpt-4o in organization org-1 on tokens per min (TPM): Limit 30000, Used 20000, Requested 15000. Please try again in 10s.",
        "API Error: Request rejected (429) · fake rate limit",
        "We’re currently experiencing high demand, which may cause temporary errors.",
        "stream disconnected before completion: error sending request",
        "Request too large (max 32MB). Try with a smaller file.",
        "Reading additional input from stdin...",
        "",
    };

    [Theory]
    [MemberData(nameof(Other))]
    public void Other_errors_are_not_a_reason_to_hand_off(string message) => C.HandoffReason(message).ShouldBeNull();

    [Fact]
    public void A_prompt_too_long_only_counts_at_the_start_of_claudes_text_or_with_the_apis_token_counts() =>
        C.HandoffReason("Error: the loop prompt is too long; keep it under 2000 characters").ShouldBeNull();
}
