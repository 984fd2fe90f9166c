using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Ownership;

/// <summary>An explicit resume counts the budgets anew from that moment, also for the attempt that is running.</summary>
public sealed class BudgetOnResumeSpecs
{
    [Fact(Timeout = 90_000)]
    public async Task A_follow_up_during_an_attempt_gives_the_running_attempt_a_fresh_max_runtime()
    {
        await using var s = new Sandbox();
        await s.Start("long", "sleep:7,ok", "codex", "--max-runtime", "5s");
        await s.WaitFor("long", t => t.IsRunning(), what: "running");
        await Sandbox.Until(() => s.Shepherd("logs", "long", "--plain").Result.Stdout.Contains("working 5"), TimeSpan.FromSeconds(20),
            "the agent to have worked 3 s");
        var r = await s.Shepherd("resume", "long", "--prompt", "and then this");
        r.ExitCode.ShouldBe(0, r.ToString());
        var t = await s.WaitFinal("long", TimeSpan.FromSeconds(40));
        t.State().ShouldBe("succeeded", t.ToString());
        t.History()[0].Outcome().ShouldBe("succeeded", "the running attempt was ended by the budget the resume had replaced");
        t.Attempts().ShouldBe(2);
    }
}
