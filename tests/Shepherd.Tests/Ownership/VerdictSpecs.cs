using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Ownership;

/// <summary>A run's outcome comes from the agent's own protocol (its last terminal event and its exit), never
/// from words in the model's reply, and a later event outranks an earlier one.</summary>
public sealed class VerdictSpecs
{
    [Theory(Timeout = 60_000)]
    [InlineData("codex")]
    [InlineData("claude")]
    [InlineData("opencode")]
    [InlineData("pi")]
    [InlineData("gemini")]
    [InlineData("qwen")]
    [InlineData("copilot")]
    public async Task A_successful_turn_whose_reply_and_usage_mention_429_and_rate_limits_succeeds_at_once(string agent)
    {
        await using var s = new Sandbox();
        await s.Start("rl-text", "ratelimit-text", agent, "--max-restarts", "2");
        var t = await s.WaitFinal("rl-text");
        t.State().ShouldBe("succeeded", t.ToString());
        t.Attempts().ShouldBe(1);
        t.History()[0].Outcome().ShouldBe("succeeded");
    }

    [Theory(Timeout = 60_000)]
    [InlineData("pi", 503)]
    [InlineData("codex", 400)]
    [InlineData("codex", 503)]
    [InlineData("opencode", 422)]
    [InlineData("gemini", 503)]
    [InlineData("qwen", 429)]
    [InlineData("copilot", 503)]
    public async Task An_api_error_the_agent_recovered_from_by_itself_does_not_decide_the_run(string agent, int status)
    {
        await using var s = new Sandbox();
        await s.Start("recovered", $"recovered:{status}", agent, "--max-restarts", "2");
        var t = await s.WaitFinal("recovered");
        t.State().ShouldBe("succeeded", t.ToString());
        t.Attempts().ShouldBe(1);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_real_rate_limit_error_event_is_still_retried_after_the_reset_time_it_names()
    {
        await using var s = new Sandbox();
        await s.Start("limited", "ratelimit:1,ok", "codex");
        var t = await s.WaitFinal("limited");
        t.State().ShouldBe("succeeded");
        var first = t.History()[0];
        first.Outcome().ShouldBe("retryable");
        first.GetProperty("detail").GetString()!.ShouldContain("rate limited");
    }
}
