using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary>--agent gemini under Shepherd, with the fake agent imitating Gemini CLI 0.61.0: the id Shepherd chose, exit codes
/// that are HTTP statuses, a chat that was never written.</summary>
public sealed class GeminiSpecs
{
    [Fact(Timeout = 60_000)]
    public async Task The_session_id_is_chosen_by_shepherd_stored_when_the_attempt_begins_and_resumed()
    {
        await using var s = new Sandbox();
        await s.Start("chosen", "sleep:30,ok", "gemini");
        var running = await s.WaitAtWork("chosen"); // its chat holds the prompt from here on
        var argv = running.History()[0].Argv();
        var chosen = argv[argv.IndexOf("--session-id") + 1];
        running.SessionId().ShouldBe(chosen);
        argv.ShouldNotContain("-p"); // the prompt is on stdin, not in ps
        Native.KillGroup(running.History()[0].Pid()!.Value).ShouldBeTrue();
        var t = await s.WaitFinal("chosen");
        t.State().ShouldBe("succeeded");
        var h = t.History();
        h[1].Kind().ShouldBe("resume");
        h[1].Argv().ShouldContain("--resume");
        h[1].Argv()[h[1].Argv().IndexOf("--resume") + 1].ShouldBe(chosen);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_429_exit_173_is_a_rate_limit_that_waits_the_time_it_names_and_runs_the_dropped_first_turn_again()
    {
        await using var s = new Sandbox();
        await s.Start("limited", "ratelimit:2,ok", "gemini");
        var t = await s.WaitFinal("limited");
        t.State().ShouldBe("succeeded");
        var h = t.History();
        h[0].ExitCode().ShouldBe(173);
        h[0].GetProperty("detail").GetString()!.ShouldStartWith("rate limited (exit 173)");
        var gap = h[1].GetProperty("startedAt").GetDateTimeOffset() - h[0].GetProperty("endedAt").GetDateTimeOffset();
        gap.ShouldBeGreaterThan(TimeSpan.FromSeconds(1.5));
        h[1].Kind().ShouldBe("start"); // Gemini rewrote its chat without the failed turn: nothing to resume
    }

    [Fact(Timeout = 60_000)]
    public async Task A_follow_up_whose_turn_failed_with_an_api_error_is_sent_again_on_the_resume()
    {
        await using var s = new Sandbox();
        await s.Start("fu", "ok,apierror,ok", "gemini");
        var first = await s.WaitFinal("fu");
        (await s.Shepherd("resume", "fu", "--prompt", "add a test")).ExitCode.ShouldBe(0);
        var t = await s.WaitFor("fu", x => x.Attempts() == 3 && x.State() == "succeeded", what: "the follow-up done");
        var h = t.History();
        h[1].ExitCode().ShouldBe(244);
        h[2].Kind().ShouldBe("resume");
        h[2].GetProperty("agentSessionId").GetString().ShouldBe(first.SessionId());
        File.ReadAllText(Path.Combine(s.FakeState("fu"), "prompt-3")).ShouldBe("add a test");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_401_exit_145_fails_the_task_and_is_not_taken_for_a_signal()
    {
        await using var s = new Sandbox();
        await s.Start("auth", "auth,ok", "gemini");
        var t = await s.WaitFinal("auth");
        t.State().ShouldBe("failed");
        t.Reason()!.ShouldContain("authentication refused");
        t.History().ShouldHaveSingleItem().ExitCode().ShouldBe(145);
    }

    [Fact(Timeout = 60_000)]
    public async Task Without_a_chat_the_prompt_runs_again_under_a_new_session_id()
    {
        await using var s = new Sandbox();
        await s.Start("nochat", "noid-exit:1,ok", "gemini");
        var t = await s.WaitFinal("nochat");
        t.State().ShouldBe("succeeded");
        var h = t.History();
        h.Count.ShouldBe(2);
        h[1].Kind().ShouldBe("start");
        string Id(int i) => h[i].Argv()[h[i].Argv().IndexOf("--session-id") + 1];
        Id(1).ShouldNotBe(Id(0)); // Gemini refuses an id given to --session-id twice
        t.SessionId().ShouldBe(Id(1));
        File.ReadAllText(Path.Combine(s.FakeState("nochat"), "prompt-2")).ShouldBe("task nochat");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_usage_limit_waits_for_the_reset_gemini_named()
    {
        await using var s = new Sandbox();
        await s.Start("quota", "usage-limit:2,ok", "gemini", "--max-restarts", "0");
        var t = await s.WaitFinal("quota");
        t.State().ShouldBe("succeeded");
        var h = t.History();
        h[0].Outcome().ShouldBe("usage-limited");
        h[0].GetProperty("detail").GetString()!.ShouldContain("Your quota will reset after 2s");
        (h[1].GetProperty("startedAt").GetDateTimeOffset() - h[0].GetProperty("endedAt").GetDateTimeOffset()).ShouldBeGreaterThan(TimeSpan.FromSeconds(2));
    }
}
