using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Ownership;

/// <summary>A follow-up prompt is never lost: not after the max runtime has passed since creation, not while the
/// runner is finishing up, not while the agent is still working.</summary>
public sealed class FollowUpSpecs
{
    [Fact(Timeout = 60_000)]
    public async Task A_follow_up_on_a_task_created_longer_ago_than_its_max_runtime_runs()
    {
        await using var s = new Sandbox();
        await s.Start("yesterday", "ok", "codex", "--max-runtime", "3s");
        (await s.WaitFinal("yesterday")).State().ShouldBe("succeeded");
        await Task.Delay(TimeSpan.FromSeconds(4)); // the scenario: the task is older than its max runtime
        var r = await s.Shepherd("resume", "yesterday", "--prompt", "follow-up");
        r.ExitCode.ShouldBe(0, r.ToString());
        var t = await s.WaitFor("yesterday", x => x.Attempts() == 2 && x.State() is "succeeded" or "failed", what: "the follow-up's end");
        t.State().ShouldBe("succeeded", t.ToString());
        t.History()[1].Kind().ShouldBe("resume");
        File.ReadAllText(Path.Combine(s.FakeState("yesterday"), "prompt-2")).ShouldBe("follow-up");
    }

    [Fact(Timeout = 90_000)]
    public async Task A_follow_up_given_while_the_runner_delivers_a_slow_notification_runs_after_it()
    {
        await using var s = new Sandbox();
        var started = Path.Combine(s.Dir, "notifier-started");
        var notifier = s.Script("slow-notify.sh", $"touch '{started}'\nsleep 6");
        await s.Start("slow", "ok", "codex", "--notify", "cmd:" + notifier);
        await Sandbox.Until(() => File.Exists(started), TimeSpan.FromSeconds(30), "the notifier to start");
        var r = await s.Shepherd("resume", "slow", "--prompt", "and the changelog");
        r.ExitCode.ShouldBe(0, r.ToString());
        var t = await s.WaitFor("slow", x => x.Attempts() == 2 && x.State() is "succeeded" or "failed", TimeSpan.FromSeconds(45), "the follow-up's end");
        t.State().ShouldBe("succeeded");
        File.ReadAllText(Path.Combine(s.FakeState("slow"), "prompt-2")).ShouldBe("and the changelog");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_follow_up_given_while_the_agent_works_runs_after_its_turn_by_the_same_id()
    {
        await using var s = new Sandbox();
        await s.Start("busy", "sleep:3,ok");
        var running = await s.WaitFor("busy", x => x.IsRunning() && x.SessionId() is not null, what: "running");
        var r = await s.Shepherd("resume", "busy", "--prompt", "then write the docs");
        r.ExitCode.ShouldBe(0, r.ToString());
        var t = await s.WaitFor("busy", x => x.Attempts() == 2 && x.State() is "succeeded" or "failed", what: "the follow-up's end");
        t.State().ShouldBe("succeeded");
        t.History()[0].Outcome().ShouldBe("succeeded");
        t.History()[1].Argv().ShouldContain(running.SessionId()!);
        File.ReadAllText(Path.Combine(s.FakeState("busy"), "prompt-2")).ShouldBe("then write the docs");
    }

    [Fact(Timeout = 60_000)]
    public async Task Two_follow_ups_given_during_one_turn_both_reach_the_agent_in_order()
    {
        await using var s = new Sandbox();
        await s.Start("twice", "sleep:4,ok");
        await s.WaitFor("twice", x => x.IsRunning() && x.SessionId() is not null, what: "running");
        (await s.Shepherd("resume", "twice", "--prompt", "first the tests")).ExitCode.ShouldBe(0);
        (await s.Shepherd("resume", "twice", "--prompt", "then the docs")).ExitCode.ShouldBe(0);
        var t = await s.WaitFor("twice", x => x.Attempts() >= 2 && x.State() is "succeeded" or "failed", what: "the follow-ups' end");
        t.State().ShouldBe("succeeded");
        var prompts = Enumerable.Range(2, t.Attempts() - 1).Select(n => File.ReadAllText(Path.Combine(s.FakeState("twice"), $"prompt-{n}"))).ToList();
        var all = string.Join("\n", prompts);
        all.ShouldContain("first the tests");
        all.ShouldContain("then the docs");
        all.IndexOf("first the tests", StringComparison.Ordinal).ShouldBeLessThan(all.IndexOf("then the docs", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_resumed_codex_keeps_workspace_write_with_the_exec_options_before_resume_and_the_prompt_on_stdin()
    {
        await using var s = new Sandbox();
        await s.Start("sandboxed", "exit:1,ok", "codex", "--", "-c", "model_reasoning_effort=low");
        (await s.WaitFinal("sandboxed")).State().ShouldBe("succeeded");
        var argv = s.Calls("sandboxed")[1].GetProperty("argv").EnumerateArray().Select(a => a.GetString()!).ToList();
        var resume = argv.IndexOf("resume");
        resume.ShouldBeGreaterThan(0, string.Join(' ', argv));
        argv.IndexOf("-s").ShouldBeInRange(0, resume - 1);
        argv[argv.IndexOf("-s") + 1].ShouldBe("workspace-write");
        argv.IndexOf("-c").ShouldBeInRange(0, resume - 1);
        argv[^1].ShouldBe("-");
        File.ReadAllText(Path.Combine(s.FakeState("sandboxed"), "prompt-2")).ShouldBe("Continue the previous task.");
    }
}
