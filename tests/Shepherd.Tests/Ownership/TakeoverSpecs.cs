using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Ownership;

/// <summary>Whoever takes over a task whose runner is gone ends what is left of its agent first, stores every
/// exit before anything slow, and never disturbs what it does not own.</summary>
public sealed class TakeoverSpecs
{
    [Fact(Timeout = 90_000)]
    public async Task A_stop_right_after_start_leaves_no_agent_running()
    {
        await using var s = new Sandbox();
        var names = Enumerable.Range(1, 4).Select(i => $"quick{i}").ToList();
        foreach (var n in names)
        {
            await s.Start(n, "sleep:60");
            var r = await s.Shepherd("stop", n);
            r.ExitCode.ShouldBe(0, r.ToString());
        }
        foreach (var n in names)
        {
            var t = await s.WaitFinal(n);
            t.State().ShouldBe("stopped");
            await Sandbox.Until(() => s.Calls(n).All(c => !Native.IsFakeAgent(c.GetProperty("pid").GetInt32())),
                TimeSpan.FromSeconds(10), $"{n}'s agent to end");
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task Taking_over_an_attempt_whose_pid_was_never_stored_ends_its_agent_before_resuming()
    {
        await using var s = new Sandbox();
        await s.Start("nopid", "sleep:60,sleep:1");
        var running = await s.WaitAtWork("nopid");
        var agent = running.History()[0].Pid()!.Value;
        Native.Kill(Runners.Of(s).ShouldHaveSingleItem()).ShouldBeTrue();
        await Sandbox.Until(() => Runners.AllGone(s), TimeSpan.FromSeconds(10), "the runner to die");
        // As if the runner had died between launching the agent and storing its pid.
        Database.Execute(s, "UPDATE attempts SET pid = NULL, pid_start_ticks = NULL");
        (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
        await s.WaitFor("nopid", t => t.Attempts() >= 2, what: "the resumed attempt");
        await Sandbox.Until(() => !Native.GroupExists(agent), TimeSpan.FromSeconds(10), "the old agent to be ended");
        (await s.WaitFinal("nopid")).State().ShouldBe("succeeded");
    }

    [Fact(Timeout = 90_000)]
    public async Task A_runner_lost_during_a_slow_session_lookup_does_not_turn_a_success_into_a_resume()
    {
        await using var s = new Sandbox();
        s.Env["FAKE_AGENT_SESSION_LIST"] = "hang:30";
        await s.Start("lookup", "noid-ok", "opencode");
        var marker = Path.Combine(s.FakeState("lookup"), "session-list-started");
        await Sandbox.Until(() => File.Exists(marker) || (s.Status("lookup").Result.State() is "succeeded" or "failed"),
            TimeSpan.FromSeconds(30), "the lookup or the end");
        if (File.Exists(marker))
        {
            foreach (var r in Runners.Of(s)) Native.Kill(r);
            Native.Kill(int.Parse(File.ReadAllText(marker)));
            (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
        }
        var t = await s.WaitFinal("lookup");
        t.State().ShouldBe("succeeded");
        t.Attempts().ShouldBe(1);
    }

    [Fact(Timeout = 90_000)]
    public async Task The_exit_is_stored_before_a_slow_session_lookup()
    {
        await using var s = new Sandbox();
        s.Env["FAKE_AGENT_SESSION_LIST"] = "hang:30";
        await s.Start("exitfirst", "noid-exit:1,ok", "opencode");
        var marker = Path.Combine(s.FakeState("exitfirst"), "session-list-started");
        await Sandbox.Until(() => File.Exists(marker), TimeSpan.FromSeconds(30), "the session lookup");
        var during = await s.Status("exitfirst");
        var first = during.History()[0];
        first.ExitCode().ShouldBe(1);
        first.Outcome().ShouldBe("retryable");
        Native.Kill(int.Parse(File.ReadAllText(marker)));
        (await s.WaitFinal("exitfirst")).State().ShouldBe("succeeded");
    }

    [Fact(Timeout = 90_000)]
    public async Task Sighup_during_a_backoff_ends_the_runner_at_once_and_costs_no_attempt()
    {
        await using var s = new Sandbox();
        await s.Start("hup", "exit:1,ok", "codex", "--backoff", "30s");
        await s.WaitFor("hup", t => t.State() == "backoff", what: "the backoff");
        (await s.Tmux("kill-server")).ExitCode.ShouldBe(0);
        await Sandbox.Until(() => Runners.AllGone(s), TimeSpan.FromSeconds(3), "the runner to end on SIGHUP");
        var r = await s.Shepherd("recover");
        r.Stdout.ShouldNotContain("runner alive");
        await Sandbox.Until(() => Runners.Of(s).Count == 1, TimeSpan.FromSeconds(10), "the new runner");
        var t = await s.Status("hup");
        t.Attempts().ShouldBe(1);
        t.State().ShouldBe("backoff");
    }

    [Fact(Timeout = 90_000)]
    public async Task One_task_that_cannot_be_read_does_not_stop_the_others_from_being_recovered()
    {
        await using var s = new Sandbox();
        await s.Start("broken", "sleep:60,sleep:1");
        await s.Start("fine", "sleep:60,sleep:1");
        await s.WaitAtWork("broken");
        await s.WaitAtWork("fine");
        foreach (var r in Runners.Of(s)) Native.Kill(r);
        await Sandbox.Until(() => Runners.AllGone(s), TimeSpan.FromSeconds(10), "the runners to die");
        var lockFile = Path.Combine(s.Home, "tasks", "broken", "runner.lock");
        File.Delete(lockFile);
        Directory.CreateDirectory(lockFile); // opening it for the lock now fails
        var rec = await s.Shepherd("recover");
        rec.ExitCode.ShouldBe(0, rec.ToString());
        rec.Stdout.ShouldContain("broken");
        var t = await s.WaitFor("fine", x => x.Attempts() >= 2, what: "fine's resumed attempt");
        t.History()[1].Kind().ShouldBe("resume");
    }

    [Fact(Timeout = 90_000)]
    public async Task Recover_never_kills_a_shell_the_user_split_into_the_tasks_session()
    {
        await using var s = new Sandbox();
        await s.Start("split", "sleep:60,sleep:1");
        await s.WaitFor("split", t => t.IsRunning(), what: "running");
        // The user's pane goes first in the window, where a recover that takes "the first pane" would look.
        (await s.Tmux("split-window", "-b", "-t", "=codex-split:", "--", "sleep", "600")).ExitCode.ShouldBe(0);
        var panes = await s.Tmux("list-panes", "-t", "=codex-split:", "-F", "#{pane_pid} #{pane_start_command}");
        var userPid = int.Parse(panes.Stdout.Split('\n').First(l => l.Contains("sleep")).Split(' ')[0]);
        Native.Kill(Runners.Of(s).ShouldHaveSingleItem());
        await Sandbox.Until(() => Runners.AllGone(s), TimeSpan.FromSeconds(10), "the runner to die");
        (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
        await s.WaitFor("split", t => t.Attempts() >= 2, what: "the resumed attempt");
        Native.Exists(userPid).ShouldBeTrue("the user's own pane was killed");
    }
}
