using System.Diagnostics;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Ownership;

/// <summary>A stop has one path to <c>stopped</c>, whoever finishes it: the runner after the agent's exit or the
/// check's, a takeover after the runner died, or a command when nothing runs. A follow-up given while a stop is
/// ending the agent is never acknowledged and dropped.</summary>
public sealed class StopPathSpecs
{
    private static bool StopAccepted(System.Text.Json.JsonElement t) => t.GetProperty("stopRequested").GetBoolean();

    [Fact(Timeout = 90_000)]
    public async Task A_follow_up_given_while_a_stop_ends_the_agent_reopens_the_task_after_the_stop()
    {
        await using var s = new Sandbox();
        await s.Start("f1", "stubborn,ok");
        await s.WaitAtWork("f1");
        var stop = s.Shepherd("stop", "f1");
        await s.WaitFor("f1", StopAccepted, what: "the stop to be accepted");
        var resume = await s.Shepherd("resume", "f1", "--prompt", "FOLLOWUP");
        (await stop).ExitCode.ShouldBe(0);
        resume.ExitCode.ShouldBe(0, resume.ToString());
        resume.Stdout.ShouldNotContain("queued for after the current turn");
        var t = await s.WaitFor("f1", t => t.Attempts() == 2 && t.State() == "succeeded", what: "the follow-up to run");
        File.ReadAllText(Path.Combine(s.FakeState("f1"), "prompt-2")).ShouldBe("FOLLOWUP");
        s.Calls("f1")[1].GetProperty("resume").GetBoolean().ShouldBeTrue();
        t.History()[0].Outcome().ShouldBe("stopped");
    }

    [Fact(Timeout = 90_000)]
    public async Task A_follow_up_given_after_the_agent_died_but_before_its_end_was_recorded_still_comes_after_the_stop()
    {
        await using var s = new Sandbox();
        // A tool the agent left in a session of its own holds the agent's output open: the runner reads on for up to
        // 2 s after the agent's exit before it records the end. A follow-up in that window must not undo the stop.
        var holder = Path.Combine(s.Dir, "holder.pid");
        var again = Path.Combine(s.Dir, "ran-once");
        var agent = s.Script("agent.sh", $$"""
            if [ -e '{{again}}' ]; then echo "followed up"; exit 0; fi
            touch '{{again}}'
            setsid sleep 30 & echo $! > '{{holder}}'
            exec sleep 60
            """);
        File.WriteAllText(s.Env["SHEPHERD_CONFIG"]!, $$"""
            [agents.holder]
            command = "/bin/sh"
            start  = ["{{agent}}", "{session_id}"]
            resume = ["{{agent}}", "{session_id}"]
            session_id = "assign"
            """);
        try
        {
            await s.Start("held", "ok", "holder");
            var pid = (await s.WaitFor("held", t => t.IsRunning(), what: "the agent at work")).History()[0].Pid()!.Value;
            var stop = s.Shepherd("stop", "held");
            await s.WaitFor("held", StopAccepted, what: "the stop to be accepted");
            await Sandbox.Until(() => !Native.Exists(pid), TimeSpan.FromSeconds(10), "the agent to die");
            var resume = await s.Shepherd("resume", "held", "--prompt", "FOLLOWUP");
            resume.ExitCode.ShouldBe(0, resume.ToString());
            (await stop).ExitCode.ShouldBe(0);
            var t = await s.WaitFor("held", t => t.Attempts() == 2 && t.State() == "succeeded", what: "the follow-up to run");
            t.History()[0].Outcome().ShouldBe("stopped", t.ToString());
            t.History()[1].Kind().ShouldBe("resume");
        }
        finally
        {
            if (File.Exists(holder) && int.TryParse(File.ReadAllText(holder).Trim(), out var h)) Native.Kill(h);
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task A_stop_whose_runner_dies_is_finished_by_the_takeover_with_its_notification()
    {
        await using var s = new Sandbox();
        var log = Path.Combine(s.Dir, "notified");
        var notify = s.Script("notify.sh", $"echo \"$SHEPHERD_STATE\" >> '{log}'");
        await s.Start("z1", "stubborn", "codex", "--notify", "cmd:" + notify);
        await s.WaitAtWork("z1");
        var agent = (await s.Status("z1")).History()[0].Pid()!.Value;
        var stop = s.Shepherd("stop", "z1");
        await s.WaitFor("z1", StopAccepted, what: "the stop to be accepted");
        Native.Kill(Runners.Of(s).ShouldHaveSingleItem()).ShouldBeTrue();
        await Sandbox.Until(() => Runners.AllGone(s), TimeSpan.FromSeconds(10), "the runner to die");
        (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
        var t = await s.WaitFinal("z1", TimeSpan.FromSeconds(20));
        t.State().ShouldBe("stopped");
        t.Attempts().ShouldBe(1);
        await s.FinishedUp("z1");
        await Sandbox.Until(() => !Native.GroupExists(agent), TimeSpan.FromSeconds(10), "the agent to be ended");
        await Sandbox.Until(() => Runners.AllGone(s), TimeSpan.FromSeconds(10), "the new runner to finish and exit");
        await Sandbox.Until(() => File.Exists(log), TimeSpan.FromSeconds(10), "the notification");
        File.ReadAllLines(log).ShouldBe(["stopped"]);
        await stop;
    }

    [Fact(Timeout = 90_000)]
    public async Task A_stop_during_the_session_lookup_ends_it_at_once_and_launches_nothing()
    {
        await using var s = new Sandbox();
        s.Env["FAKE_AGENT_SESSION_LIST"] = "hang:20";
        await s.Start("look", "noid-exit:1,sleep:30", "opencode");
        var marker = Path.Combine(s.FakeState("look"), "session-list-started");
        await Sandbox.Until(() => File.Exists(marker), TimeSpan.FromSeconds(30), "the session lookup");
        var clock = Stopwatch.StartNew();
        var r = await s.Shepherd("stop", "look");
        clock.Stop();
        r.ExitCode.ShouldBe(0, r.ToString());
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "stop waited for the whole lookup");
        var t = await s.WaitFinal("look");
        t.State().ShouldBe("stopped");
        t.Attempts().ShouldBe(1);
        await s.FinishedUp("look");
        s.Calls("look").Count.ShouldBe(1, "an agent was launched after the stop");
        var lookup = int.Parse(File.ReadAllText(marker));
        await Sandbox.Until(() => !Native.Exists(lookup) || !Native.IsFakeAgent(lookup), TimeSpan.FromSeconds(5), "the lookup to be ended");
    }

    [Fact(Timeout = 90_000)]
    public async Task A_stalled_agent_that_ignores_sigterm_is_killed_with_stall_kill_and_resumed()
    {
        await using var s = new Sandbox();
        File.WriteAllText(s.Env["SHEPHERD_CONFIG"]!, "stall_after = \"1s\"\nstall_kill = true\n");
        await s.Start("deaf", "stubborn,ok");
        await s.WaitAtWork("deaf");
        var t = await s.WaitFinal("deaf", TimeSpan.FromSeconds(40));
        t.State().ShouldBe("succeeded");
        t.History()[0].Signal().ShouldBe(9);
        t.Attempts().ShouldBe(2);
    }
}
