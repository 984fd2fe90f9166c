using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Ownership;

/// <summary>An agent whose account hit its usage limit is not resumed before the reset it named, spends nothing of the
/// restart budget, and says what it waits for in status and list.</summary>
public sealed class UsageLimitWaitSpecs
{
    [Fact(Timeout = 90_000)]
    public async Task A_usage_limit_waits_for_its_reset_without_spending_the_restart_budget()
    {
        await using var s = new Sandbox();
        await s.Start("limited", "usage-limit:3,usage-limit:3,ok", "claude", "--max-restarts", "1");
        var waiting = await s.WaitFor("limited", t => t.Reason()?.StartsWith("waiting for usage limit until") == true, what: "the wait");
        waiting.State().ShouldBe("backoff");
        waiting.History()[0].Outcome().ShouldBe("usage-limited");
        (await s.Shepherd("list")).Stdout.ShouldContain("waiting for usage limit until");
        (await s.Shepherd("status", "limited")).Stdout.ShouldContain("waiting for usage limit until");
        var t = await s.WaitFinal("limited", TimeSpan.FromSeconds(40));
        t.State().ShouldBe("succeeded", t.ToString());
        t.Attempts().ShouldBe(3);
        var calls = s.Calls("limited");
        // Each launch came after the reset the previous one named (3 s after it began, to the second).
        for (var i = 1; i < calls.Count; i++)
            (calls[i].GetProperty("atUs").GetInt64() - calls[i - 1].GetProperty("atUs").GetInt64()).ShouldBeGreaterThan(2_500_000);
        t.History()[2].Kind().ShouldBe("resume");
    }
}
