using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Tasks;
using Shouldly;
using M = Shepherd.Tests.Unit.RealUsageLimitMessages;

namespace Shepherd.Tests.Unit;

/// <summary>The verdict on a run that hit its usage limit, from the real CLIs' output: Retryable, with the limit and its
/// reset for the runner to wait on; read from the agent's error events and stderr only, never from the model's text.</summary>
public sealed class UsageLimitVerdictSpecs
{
    private static readonly DateTimeOffset CodexRunAt = new(2026, 12, 4, 19, 32, 40, TimeSpan.Zero);

    private static Verdict Run(string agent, int exit, params (string Line, bool Stderr)[] output)
    {
        var a = AgentRegistry.Get(agent);
        var ctx = new AgentContext(new TaskRecord { Id = 7, Name = "fix", Agent = agent, ProjectDir = "/src/app", TmuxSession = "s" },
            "/state/tasks/fix", Encoding.UTF8.GetBytes("do it"));
        var p = a.NewParser(ctx);
        foreach (var (line, stderr) in output) p.OnLine(line, stderr);
        return a.Classify(ExitStatus.Exited(exit), p.Facts);
    }

    private static (string, bool) Out(string line) => (line, false);

    private static (string, bool) Err(string line) => (line, true);

    private static string ClaudeResult(bool isError, string text, int? status = null) =>
        $$"""{"type":"result","subtype":"success","is_error":{{(isError ? "true" : "false")}},"api_error_status":{{status?.ToString() ?? "null"}},"result":"{{text}}"}""";

    [Fact]
    public void Codexs_error_and_turn_failed_are_a_usage_limit_to_wait_for()
    {
        var v = Run("codex", 1, Out("""{"type":"thread.started","thread_id":"01a2428b"}"""), Out("""{"type":"turn.started"}"""),
            Out(M.CodexErrorEvent), Out(M.CodexTurnFailed), Err("Reading additional input from stdin..."));
        v.Outcome.ShouldBe(AttemptOutcome.Retryable);
        v.Detail.ShouldBe("usage limit reached: You’ve hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus), or try again at 7:42 PM.");
        v.UsageLimit.ShouldNotBeNull().ResetAt(CodexRunAt, TimeZoneInfo.Utc).ShouldBe(new DateTimeOffset(2026, 12, 4, 19, 43, 0, TimeSpan.Zero));
        v.RetryAfter.ShouldBeNull();
    }

    [Fact]
    public void Claudes_result_is_the_limit_and_its_rate_limit_event_the_reset_to_the_second()
    {
        var v = Run("claude", 1, Out(M.ClaudeRateLimitEvent), Out(M.ClaudeAssistant), Out(M.ClaudeResult));
        v.Outcome.ShouldBe(AttemptOutcome.Retryable);
        v.Detail.ShouldBe("usage limit reached: You've hit your session limit · resets 6:33am (Australia/Brisbane)");
        v.UsageLimit.ShouldNotBeNull().Reset.ShouldBe(new UsageReset.Exactly(DateTimeOffset.FromUnixTimeSeconds(1796416391)));

        var textOnly = Run("claude", 1, Out(M.ClaudeResult)).UsageLimit.ShouldNotBeNull();
        textOnly.ResetAt(new DateTimeOffset(2026, 12, 4, 19, 33, 11, TimeSpan.Zero), TimeZoneInfo.Utc)
            .ShouldBe(new DateTimeOffset(2026, 12, 4, 20, 34, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_usage_limit_on_stderr_decides_a_failed_run()
    {
        var v = Run("codex", 1, Err("ERROR: You’ve hit your usage limit. Try again at Dec 8th, 2026 1:04 AM."));
        v.Detail.ShouldStartWith("usage limit reached: ERROR: You’ve hit your usage limit.");
        v.UsageLimit.ShouldNotBeNull().ResetAt(CodexRunAt, TimeZoneInfo.Utc).ShouldBe(new DateTimeOffset(2026, 12, 8, 1, 5, 0, TimeSpan.Zero));
        Run("codex", 1, Out("""{"type":"turn.failed","error":{"message":"stream disconnected"}}"""),
            Err("ERROR: You’ve hit your usage limit. Try again later.")).UsageLimit.ShouldNotBeNull().Reset.ShouldBeNull();
    }

    [Fact]
    public void The_models_text_about_usage_limits_is_never_read()
    {
        const string said = "You’ve hit your usage limit. Try again at 3:28 PM.";
        var codexReply = Out($$$"""{"type":"item.completed","item":{"type":"agent_message","text":"{{{said}}}"}}""");
        Run("codex", 0, codexReply, Out("""{"type":"turn.completed"}""")).Outcome.ShouldBe(AttemptOutcome.Succeeded);
        Run("codex", 1, codexReply).ShouldSatisfyAllConditions(v => v.UsageLimit.ShouldBeNull(), v => v.Detail.ShouldBe("exit 1"));
        var claudeReply = Out("""{"type":"assistant","message":{"content":[{"type":"text","text":"You've hit your session limit · resets 5pm"}]}}""");
        Run("claude", 0, claudeReply, Out(ClaudeResult(false, "You've hit your session limit · resets 5pm"))).Outcome.ShouldBe(AttemptOutcome.Succeeded);
        Run("claude", 1, claudeReply).UsageLimit.ShouldBeNull();
    }

    [Fact]
    public void A_plain_429_is_still_a_rate_limit()
    {
        var claude = Run("claude", 1, Out(M.ClaudeRateLimitEvent), Out(ClaudeResult(true, M.ClaudePlainRateLimit, 429)));
        claude.Outcome.ShouldBe(AttemptOutcome.Retryable);
        claude.Detail.ShouldStartWith("rate limited (exit 1): API Error: Server is temporarily limiting requests");
        claude.UsageLimit.ShouldBeNull();
        var codex = Run("codex", 1, Out("""{"type":"turn.failed","error":{"message":"Rate limit reached for gpt-5. Please try again in 20s."}}"""));
        codex.Detail.ShouldStartWith("rate limited");
        codex.RetryAfter.ShouldBe(TimeSpan.FromSeconds(20));
        codex.UsageLimit.ShouldBeNull();
    }

    [Fact]
    public void OpenCode_and_Pi_report_theirs_in_their_error_events()
    {
        Run("opencode", 1, Out($$$$"""{"type":"error","sessionID":"ses_1","error":{"name":"APIError","data":{"message":"{{{{M.OpenCodeGo}}}}","statusCode":429,"isRetryable":false}}}"""))
            .UsageLimit.ShouldNotBeNull().Reset.ShouldBe(new UsageReset.After(TimeSpan.FromHours(78)));
        Run("pi", 0, Out($$$"""{"type":"agent_end","messages":[{"role":"assistant","stopReason":"error","errorMessage":"{{{M.PiChatGpt}}}"}]}"""))
            .ShouldSatisfyAllConditions(v => v.Outcome.ShouldBe(AttemptOutcome.Retryable), v => v.UsageLimit.ShouldNotBeNull().Reset.ShouldBe(new UsageReset.After(TimeSpan.FromMinutes(158))));
    }
}
