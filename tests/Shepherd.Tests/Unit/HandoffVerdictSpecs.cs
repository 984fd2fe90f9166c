using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Tasks;
using Shouldly;
using C = Shepherd.Agents.ConversationErrors;
using R = Shepherd.Tests.Unit.RealConversationErrors;

namespace Shepherd.Tests.Unit;

/// <summary>The verdict on a run whose conversation cannot go on, from the real CLIs' output through each adapter's parser:
/// NonRetryable with <see cref="Verdict.Handoff"/> saying why; a plain 400 stays a rejected request, and the model's own
/// text is never read.</summary>
public sealed class HandoffVerdictSpecs
{
    private static Verdict Run(string agent, int exit, params (string Line, bool Stderr)[] output)
    {
        var a = AgentRegistry.Get(agent);
        var ctx = new AgentContext(new TaskRecord { Id = 7, Name = "fix", Agent = agent, ProjectDir = "/src/app", TmuxSession = "s" },
            "/state/tasks/fix", Encoding.UTF8.GetBytes("do it"));
        var p = a.NewParser(ctx);
        p.Facts.ResumedId = "resumed-id";
        foreach (var (line, stderr) in output) p.OnLine(line, stderr);
        return a.Classify(ExitStatus.Exited(exit), p.Facts);
    }

    private static (string, bool)[] Out(params string[] lines) => [.. lines.Select(l => (l, false))];

    private static (string, bool) Err(string line) => (line, true);

    private static void ShouldHandOff(Verdict v, string reason, string detailStart)
    {
        v.Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        v.Handoff.ShouldBe(reason);
        v.Detail.ShouldStartWith(detailStart);
        v.UsageLimit.ShouldBeNull();
    }

    [Fact]
    public void Codex_refused_history_and_overflow_hand_off()
    {
        ShouldHandOff(Run("codex", 1, Out(R.CodexRefused)), C.ToolCallWithoutResult, C.ToolCallWithoutResult + " (exit 1): {");
        ShouldHandOff(Run("codex", 1, Out(R.CodexPastContextWindow)), C.PastContextWindow,
            "the conversation is past the model's context window (exit 1): Codex ran out of room in the model's context window.");
    }

    [Fact]
    public void Codex_missing_or_empty_rollout_hands_off()
    {
        ShouldHandOff(Run("codex", 1, Err(R.CodexSessionNotFound)), C.SessionNotFound, "the agent cannot find session resumed-id");
        ShouldHandOff(Run("codex", 1, Err(R.CodexSessionUnreadable)), C.SessionUnreadable, "the agent cannot load its session (exit 1): Error: thread/resume");
    }

    [Fact]
    public void Claude_refused_history_hands_off()
    {
        ShouldHandOff(Run("claude", 1, Out(R.ClaudeRefused)), C.ToolCallWithoutResult,
            C.ToolCallWithoutResult + " (exit 1): API Error: 400 due to tool use concurrency issues.");
        ShouldHandOff(Run("claude", 1, Out(R.ClaudeDuplicateToolUse)), C.DuplicateToolCall, C.DuplicateToolCall);
        ShouldHandOff(Run("claude", 1, Out(R.ClaudeToolResultWithoutCall)), C.ToolResultWithoutCall, C.ToolResultWithoutCall);
    }

    [Fact]
    public void Claude_prompt_too_long_hands_off_on_its_text_or_its_terminal_reason()
    {
        ShouldHandOff(Run("claude", 1, Out(R.ClaudePastContextWindow)), C.PastContextWindow, C.PastContextWindow + " (exit 1): Prompt is too long");
        ShouldHandOff(Run("claude", 1, Out(R.ClaudePastContextWindowFirstTurn)), C.PastContextWindow, C.PastContextWindow);
        var blocked = """{"type":"result","subtype":"success","is_error":true,"api_error_status":null,"num_turns":1,"result":"context full","terminal_reason":"blocking_limit"}""";
        Run("claude", 1, Out(blocked)).Handoff.ShouldBe(C.PastContextWindow);
    }

    [Fact]
    public void Claude_missing_transcript_hands_off_from_stderr_or_the_result_alone()
    {
        ShouldHandOff(Run("claude", 1, Err(R.ClaudeSessionNotFoundStderr), (R.ClaudeSessionNotFound, false)), C.SessionNotFound,
            "the agent cannot find session resumed-id");
        Run("claude", 1, Out(R.ClaudeSessionNotFound)).Handoff.ShouldBe(C.SessionNotFound);
    }

    [Fact]
    public void OpenCode_refused_history_and_its_ContextOverflowError_hand_off()
    {
        ShouldHandOff(Run("opencode", 1, Out(R.OpenCodeRefused)), C.ToolCallWithoutResult, C.ToolCallWithoutResult + " (exit 1): An assistant message");
        ShouldHandOff(Run("opencode", 1, Out(R.OpenCodeRefusedAnthropic)), C.ToolCallWithoutResult, C.ToolCallWithoutResult);
        ShouldHandOff(Run("opencode", 1, Out(R.OpenCodePastContextWindow)), C.PastContextWindow, C.PastContextWindow + " (exit 1): This model's maximum");
        ShouldHandOff(Run("opencode", 1, Out(R.OpenCodePastContextWindowAnthropic)), C.PastContextWindow, C.PastContextWindow);
        var namedOnly = """{"type":"error","sessionID":"ses_1","error":{"name":"ContextOverflowError","data":{"message":"Context overflow"}}}""";
        Run("opencode", 1, Out(namedOnly)).Handoff.ShouldBe(C.PastContextWindow);
        ShouldHandOff(Run("opencode", 1, Err(R.OpenCodeSessionNotFound)), C.SessionNotFound, "the agent cannot find session resumed-id");
    }

    [Fact]
    public void Pi_refused_history_and_overflow_hand_off_though_it_exits_0()
    {
        ShouldHandOff(Run("pi", 0, Out(R.PiRefused)), C.ToolCallWithoutResult, C.ToolCallWithoutResult + ": 400 An assistant message");
        ShouldHandOff(Run("pi", 0, Out(R.PiRefusedAnthropic)), C.ToolCallWithoutResult, C.ToolCallWithoutResult);
        ShouldHandOff(Run("pi", 0, Out(R.PiPastContextWindow)), C.PastContextWindow, C.PastContextWindow + ": 400 This model's maximum");
    }

    [Fact]
    public void Pis_own_overflow_compaction_decides_when_its_message_is_one_shepherd_does_not_know()
    {
        const string failed = """{"type":"agent_end","messages":[{"role":"assistant","stopReason":"error","errorMessage":"400 Prompt contains 140000 tokens, too large"}]}""";
        Run("pi", 0, Out(failed)).Handoff.ShouldBeNull();
        Run("pi", 0, Out(failed, """{"type":"compaction_start","reason":"overflow"}""")).Handoff.ShouldBe(C.PastContextWindow);
        Run("pi", 0, Out(failed, """{"type":"compaction_start","reason":"threshold"}""")).Handoff.ShouldBeNull();
        var recoveryFailed = $$"""{"type":"compaction_end","reason":"overflow","aborted":false,"willRetry":false,"errorMessage":"{{R.PiCompactionFailed[0]}}"}""";
        ShouldHandOff(Run("pi", 0, Out(failed, recoveryFailed)), C.PastContextWindow, C.PastContextWindow + ": Context overflow recovery failed");
    }

    [Fact]
    public void A_silent_overflow_pi_compacts_after_a_finished_turn_stays_a_success()
    {
        const string finished = """{"type":"agent_end","messages":[{"role":"assistant","stopReason":"stop"}]}""";
        Run("pi", 0, Out(finished, """{"type":"compaction_start","reason":"overflow"}""")).Outcome.ShouldBe(AttemptOutcome.Succeeded);
    }

    [Fact]
    public void A_plain_400_stays_what_it_was()
    {
        foreach (var (agent, line) in new[] { ("codex", R.CodexPlain400), ("claude", R.ClaudePlain400), ("opencode", R.OpenCodePlain400) })
            Run(agent, 1, Out(line)).Handoff.ShouldBeNull();
        Run("claude", 1, Out(R.ClaudePlain400)).Detail.ShouldStartWith("request rejected: API Error: 400 max_tokens");
        Run("opencode", 1, Out(R.OpenCodePlain400)).Detail.ShouldStartWith("request rejected: Invalid value");
        // Codex prints the body alone, without the status: an API error as any other.
        Run("codex", 1, Out(R.CodexPlain400)).Detail.ShouldStartWith("model API error (exit 1): {");
        Run("pi", 0, Out("""{"type":"agent_end","messages":[{"role":"assistant","stopReason":"error","errorMessage":"400 Invalid value for 'temperature': must be between 0 and 2."}]}"""))
            .ShouldSatisfyAllConditions(v => v.Handoff.ShouldBeNull(), v => v.Detail.ShouldStartWith("request rejected: 400 Invalid value"));
    }

    [Fact]
    public void A_later_finished_turn_outranks_an_earlier_overflow()
    {
        var v = Run("opencode", 0, Out(R.OpenCodePastContextWindow[0], """{"type":"step_finish","sessionID":"ses_1","part":{"reason":"stop"}}"""));
        v.Outcome.ShouldBe(AttemptOutcome.Succeeded);
        v.Handoff.ShouldBeNull();
    }

    [Fact]
    public void The_models_text_about_context_windows_and_tool_calls_is_never_read()
    {
        const string said = "The conversation is past the model's context window: Codex ran out of room in the model's context window. Prompt is too long. No tool output found for function call call_1.";
        var codexReply = $$$"""{"type":"item.completed","item":{"type":"agent_message","text":"{{{said}}}"}}""";
        Run("codex", 0, Out(codexReply, """{"type":"turn.completed"}""")).Outcome.ShouldBe(AttemptOutcome.Succeeded);
        Run("codex", 1, Out(codexReply)).ShouldSatisfyAllConditions(v => v.Handoff.ShouldBeNull(), v => v.Detail.ShouldBe("exit 1"));
        var claudeReply = $$$"""{"type":"assistant","message":{"content":[{"type":"text","text":"{{{said}}}"}]}}""";
        Run("claude", 0, Out(claudeReply, $$"""{"type":"result","subtype":"success","is_error":false,"result":"{{said}}"}""")).Outcome.ShouldBe(AttemptOutcome.Succeeded);
        Run("claude", 1, Out(claudeReply)).Handoff.ShouldBeNull();
        var openCodeText = $$$"""{"type":"text","sessionID":"ses_1","part":{"type":"text","text":"{{{said}}}"}}""";
        Run("opencode", 1, Out(openCodeText)).Handoff.ShouldBeNull();
        var piReply = $$$"""{"type":"agent_end","messages":[{"role":"assistant","stopReason":"stop","content":[{"type":"text","text":"{{{said}}}"}]}]}""";
        Run("pi", 0, Out(piReply)).Outcome.ShouldBe(AttemptOutcome.Succeeded);
    }

    [Fact]
    public void A_usage_limit_outranks_a_conversation_error_on_stderr()
    {
        var v = Run("codex", 1, ("""{"type":"turn.failed","error":{"message":"You’ve hit your usage limit. Try again later."}}""", false),
            Err(R.CodexSessionUnreadable));
        v.UsageLimit.ShouldNotBeNull();
        v.Handoff.ShouldBeNull();
    }
}
