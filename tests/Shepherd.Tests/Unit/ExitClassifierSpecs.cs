using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>The shared verdict rules: the exit and the agent's last terminal event decide, never the model's text.</summary>
public sealed class ExitClassifierSpecs
{
    private static AttemptOutcome Kind(ExitStatus exit, AgentRunFacts? facts = null) => ExitClassifier.Classify(exit, facts ?? new AgentRunFacts()).Outcome;

    private static AgentRunFacts Error(int? status = null, string? message = null, bool? retryable = null) =>
        new() { Last = new TerminalEvent(false, message, status, retryable) };

    private static AgentRunFacts Finished() => new() { Last = TerminalEvent.Finished };

    [Fact]
    public void Exit_0_after_a_finished_turn_succeeds() => Kind(ExitStatus.Exited(0), Finished()).ShouldBe(AttemptOutcome.Succeeded);

    [Fact]
    public void Exit_0_without_a_finished_turn_is_retried() => Kind(ExitStatus.Exited(0)).ShouldBe(AttemptOutcome.Retryable);

    [Theory]
    [InlineData("codex", "turn.completed or turn.failed")]
    [InlineData("claude", "result")]
    [InlineData("opencode", "step_finish or error")]
    [InlineData("pi", "agent_end")]
    [InlineData("gemini", "result")]
    [InlineData("qwen", "result")]
    [InlineData("copilot", "result")]
    public void Each_agent_says_which_turn_end_event_an_exit_0_came_without(string agent, string turnEnd)
    {
        var v = AgentRegistry.Get(agent).Classify(ExitStatus.Exited(0), new AgentRunFacts());
        v.Outcome.ShouldBe(AttemptOutcome.Retryable);
        v.Detail.ShouldBe($"exit 0 without {turnEnd}: the turn did not finish");
    }

    [Theory]
    [InlineData(9)]
    [InlineData(15)]
    [InlineData(11)]
    [InlineData(1)]
    public void A_signal_is_retryable(int signal) => Kind(ExitStatus.Killed(signal), Finished()).ShouldBe(AttemptOutcome.Retryable);

    [Fact]
    public void Exit_137_from_a_wrapper_is_read_as_sigkill_and_retryable() =>
        ExitClassifier.Classify(ExitStatus.Exited(137), new()).Detail.ShouldContain("SIGKILL");

    [Fact]
    public void An_unexplained_non_zero_exit_is_retryable() => Kind(ExitStatus.Exited(3)).ShouldBe(AttemptOutcome.Retryable);

    [Theory]
    [InlineData(126)]
    [InlineData(127)]
    public void A_binary_that_cannot_run_is_not_retryable(int code) => Kind(ExitStatus.Exited(code)).ShouldBe(AttemptOutcome.NonRetryable);

    [Theory]
    [InlineData(401, AttemptOutcome.NonRetryable)]
    [InlineData(403, AttemptOutcome.NonRetryable)]
    [InlineData(400, AttemptOutcome.NonRetryable)]
    [InlineData(422, AttemptOutcome.NonRetryable)]
    [InlineData(500, AttemptOutcome.Retryable)]
    [InlineData(529, AttemptOutcome.Retryable)]
    [InlineData(429, AttemptOutcome.Retryable)]
    public void Api_errors_are_classified_by_status(int status, AttemptOutcome kind) =>
        Kind(ExitStatus.Exited(1), Error(status)).ShouldBe(kind);

    [Fact]
    public void An_error_status_is_read_from_the_error_message_when_the_event_has_none() =>
        Kind(ExitStatus.Exited(1), Error(message: "unexpected status 401 Unauthorized")).ShouldBe(AttemptOutcome.NonRetryable);

    [Fact]
    public void Pis_api_error_with_exit_0_is_not_a_success() =>
        Kind(ExitStatus.Exited(0), Error(500, "500 boom")).ShouldBe(AttemptOutcome.Retryable);

    [Fact]
    public void Opencodes_own_not_retryable_verdict_is_respected() =>
        Kind(ExitStatus.Exited(1), Error(retryable: false)).ShouldBe(AttemptOutcome.NonRetryable);

    [Fact]
    public void A_usage_error_and_a_missing_session_are_not_retryable()
    {
        Kind(ExitStatus.Exited(2), new AgentRunFacts { UsageError = true }).ShouldBe(AttemptOutcome.NonRetryable);
        Kind(ExitStatus.Exited(1), new AgentRunFacts { SessionMissing = true }).ShouldBe(AttemptOutcome.NonRetryable);
    }

    // status showed "the agent cannot find session ?" when the agent printed no id of its own.
    [Fact]
    public void A_missing_session_is_explained_without_a_placeholder_for_an_id_the_agent_did_not_print()
    {
        ExitClassifier.Classify(ExitStatus.Exited(1), new AgentRunFacts { SessionMissing = true }).Detail
            .ShouldBe("the agent cannot find the session it was asked to resume");
        ExitClassifier.Classify(ExitStatus.Exited(1), new AgentRunFacts { SessionMissing = true, SessionId = "019a-thread" }).Detail
            .ShouldBe("the agent cannot find session 019a-thread");
        ExitClassifier.Classify(ExitStatus.Exited(1), new AgentRunFacts { SessionMissing = true, ResumedId = "019a-resumed" }).Detail
            .ShouldBe("the agent cannot find session 019a-resumed");
    }

    [Fact]
    public void A_conversation_that_cannot_go_on_is_handed_off_and_not_retried()
    {
        ExitClassifier.Classify(ExitStatus.Exited(1), new AgentRunFacts { SessionMissing = true }).Handoff.ShouldBe(ConversationErrors.SessionNotFound);
        var overflow = ExitClassifier.Classify(ExitStatus.Exited(1),
            new AgentRunFacts { Last = new TerminalEvent(false, "context exhausted") { Handoff = ConversationErrors.PastContextWindow } });
        overflow.Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        overflow.Detail.ShouldBe("the conversation is past the model's context window (exit 1): context exhausted");
        overflow.Handoff.ShouldBe(ConversationErrors.PastContextWindow);
        ExitClassifier.Classify(ExitStatus.Exited(1), Error(400, "400 bad request")).Handoff.ShouldBeNull();
        var stderrOnly = new AgentRunFacts { StderrConversationError = "Error: No tool output found for function call call_1." };
        ExitClassifier.Classify(ExitStatus.Exited(1), stderrOnly).Handoff.ShouldBe(ConversationErrors.ToolCallWithoutResult);
        stderrOnly.Last = TerminalEvent.Finished;
        Kind(ExitStatus.Exited(0), stderrOnly).ShouldBe(AttemptOutcome.Succeeded);
    }

    [Fact]
    public void A_rate_limit_error_carries_the_wait_it_names()
    {
        var v = ExitClassifier.Classify(ExitStatus.Exited(1), Error(429, "Rate limit reached. Please try again in 20s."));
        v.Outcome.ShouldBe(AttemptOutcome.Retryable);
        v.Detail.ShouldStartWith("rate limited");
        v.RetryAfter.ShouldBe(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void A_rate_limit_on_stderr_counts_only_when_the_run_failed()
    {
        var facts = new AgentRunFacts { StderrRateLimit = "429 Too Many Requests; retry-after: 7" };
        ExitClassifier.Classify(ExitStatus.Exited(1), facts).RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        facts.Last = TerminalEvent.Finished;
        Kind(ExitStatus.Exited(0), facts).ShouldBe(AttemptOutcome.Succeeded);
    }

    [Fact]
    public void Wait_statuses_decode_to_code_or_signal()
    {
        ExitStatus.FromWaitStatus(3 << 8).ShouldBe(ExitStatus.Exited(3));
        ExitStatus.FromWaitStatus(9).ShouldBe(ExitStatus.Killed(9));
        ExitStatus.FromWaitStatus(0x80 | 11).ShouldBe(ExitStatus.Killed(11)); // core dumped
    }
}
