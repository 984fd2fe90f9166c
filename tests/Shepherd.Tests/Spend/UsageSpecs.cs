using System.Text.Json;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Spend;

/// <summary>What each agent reports of its tokens and cost reaches <c>status --json</c> per attempt and summed on the task;
/// the token and cost budgets end a task after exactly the attempts that spent them, and say so in the reason and the
/// notification. The fake agent reports 1000 input tokens (200 of them cached), 100 output tokens and $0.01 per turn,
/// each CLI in its own shape (Codex: the conversation's running total).</summary>
public sealed class UsageSpecs
{
    private static string CheckOnce(Sandbox s, string task)
    {
        var marker = Path.Combine(s.Dir, task + "-checked");
        return $"if [ -e '{marker}' ]; then exit 0; fi; touch '{marker}'; echo 'FAIL once' >&2; exit 1";
    }

    private static (long In, long Cached, long Out, decimal? Cost) Usage(JsonElement e)
    {
        var u = e.GetProperty("usage");
        return (u.GetProperty("inputTokens").GetInt64(), u.GetProperty("cachedInputTokens").GetInt64(), u.GetProperty("outputTokens").GetInt64(),
            u.TryGetProperty("costUsd", out var c) ? c.GetDecimal() : null);
    }

    [Theory(Timeout = 90_000)]
    [InlineData("codex")]
    [InlineData("claude")]
    [InlineData("opencode")]
    [InlineData("pi")]
    [InlineData("qwen")] // like Codex, a running total carried over by the resume
    public async Task Each_attempt_shows_what_its_agent_reported_and_the_task_shows_the_sum(string agent)
    {
        await using var s = new Sandbox();
        await s.Start("spend", "ok", agent, "--check", CheckOnce(s, "spend"));
        var t = await s.WaitFinal("spend");
        t.State().ShouldBe("succeeded", t.ToString());
        var h = t.History();
        h.Count.ShouldBe(2, t.ToString());
        var noCost = agent is "codex" or "qwen";
        var cost = noCost ? (decimal?)null : 0.01m; // Codex and Qwen report no cost: left out, never guessed
        foreach (var a in h) Usage(a).ShouldBe((1000L, 200L, 100L, cost), a.ToString());
        Usage(t).ShouldBe((2000L, 400L, 200L, cost * 2), t.ToString());
        if (noCost) t.GetProperty("usage").TryGetProperty("costUsd", out _).ShouldBeFalse();

        var status = await s.Shepherd("status", "spend");
        status.Stdout.ShouldContain(noCost ? "spent     2.2k tokens (2k input, 400 of it cached, 200 output)" : "spent     2.2k tokens, $0.02");
        var list = await s.Shepherd("list");
        list.Stdout.ShouldContain(noCost ? "2.2k tokens" : "2.2k tokens, $0.02");
        var listed = JsonDocument.Parse((await s.Shepherd("list", "--json")).Stdout).RootElement.EnumerateArray().Single();
        Usage(listed).ShouldBe((2000L, 400L, 200L, cost * 2));
    }

    [Fact(Timeout = 90_000)]
    public async Task A_task_whose_check_never_passes_stops_at_its_token_budget_after_exactly_the_attempts_that_spent_it()
    {
        await using var s = new Sandbox();
        var told = Path.Combine(s.Dir, "told");
        var notifier = s.Script("notify.sh", $"echo \"$SHEPHERD_KIND|$SHEPHERD_STATE|$SHEPHERD_REASON\" >> '{told}'");
        await s.Start("runaway", "ok", "codex", "--check", "echo still broken; exit 1", "--max-tokens", "2500", "--notify", "cmd:" + notifier);
        var t = await s.WaitFinal("runaway");
        t.State().ShouldBe("failed", t.ToString());
        t.Reason().ShouldBe("token budget spent (3300 of 2500)");
        t.History().Count.ShouldBe(3, t.ToString()); // 1100, 2200, then 3300 tokens: the third attempt spent it
        t.GetProperty("maxTokens").GetInt64().ShouldBe(2500);
        await s.FinishedUp("runaway");
        await Sandbox.Until(() => File.Exists(told), TimeSpan.FromSeconds(30), "the notification");
        File.ReadAllLines(told).ShouldHaveSingleItem().ShouldBe("needs-you|failed|token budget spent (3300 of 2500)");
        (await s.Shepherd("status", "runaway")).Stdout.ShouldContain("budget 2.5k tokens");
    }

    [Fact(Timeout = 90_000)]
    public async Task A_task_under_its_budgets_is_unaffected()
    {
        await using var s = new Sandbox();
        await s.Start("frugal", "ok", "claude", "--check", CheckOnce(s, "frugal"), "--max-tokens", "100000", "--max-cost", "5");
        var t = await s.WaitFinal("frugal");
        t.State().ShouldBe("succeeded", t.ToString());
        t.History().Count.ShouldBe(2);
        t.Reason().ShouldBeNull();
    }

    [Fact(Timeout = 90_000)]
    public async Task The_cost_budget_ends_the_task_with_what_was_spent_and_the_limit()
    {
        await using var s = new Sandbox();
        await s.Start("pricey", "ok", "claude", "--check", "exit 1", "--max-cost", "$0.025");
        var t = await s.WaitFinal("pricey");
        t.State().ShouldBe("failed", t.ToString());
        t.Reason().ShouldBe("cost budget spent ($0.03 of $0.025)");
        t.History().Count.ShouldBe(3);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_running_agent_that_spends_its_budget_mid_attempt_is_ended_and_the_task_fails()
    {
        await using var s = new Sandbox();
        // OpenCode reports usage at every step: the agent keeps working after the step that spent the budget.
        await s.Start("steps", "steps:60", "opencode", "--max-tokens", "3000");
        var t = await s.WaitFinal("steps", TimeSpan.FromSeconds(60));
        t.State().ShouldBe("failed", t.ToString());
        t.Reason().ShouldBe("token budget spent (3300 of 3000)");
        var a = t.History().ShouldHaveSingleItem();
        a.Outcome().ShouldBe("non-retryable");
        Usage(a).ShouldBe((3000L, 600L, 300L, 0.03m));
    }

    [Fact(Timeout = 60_000)]
    public async Task Bad_budgets_and_kinds_are_one_line_usage_errors()
    {
        await using var s = new Sandbox();
        foreach (var (args, error) in new[]
                 {
                     (new[] { "--max-tokens", "0" }, "--max-tokens must be more than 0"),
                     (new[] { "--max-cost", "cheap" }, "--max-cost must be an amount of US dollars"),
                     (new[] { "--notify-on", "done,urgent" }, "--notify-on: unknown kind 'urgent'"),
                     (new[] { "--notify-on", "slack=urgent" }, "--notify-on: unknown kind 'urgent'"),
                     (new[] { "--notify-on", "slack=" }, "--notify-on: no kind in 'slack='"),
                     (new[] { "--notify-on", "pager=done" }, "--notify-on: unknown notifier 'pager' (notifiers: cmd, openclaw, desktop, webhook, slack, discord, ntfy)"),
                 })
        {
            var r = await s.StartRaw("bad", "ok", "codex", args);
            r.ExitCode.ShouldBe(2, r.ToString());
            r.Stderr.ShouldContain(error, Case.Sensitive, r.ToString());
            r.Stderr.Trim().Split('\n').ShouldHaveSingleItem();
        }
    }
}
