using System.Text.Json;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Recovery;

/// <summary>Losing the runner, the tmux server, the daemon or the machine: every unfinished task resumes by
/// its own session id, with one runner.</summary>
public sealed class RecoverySpecs
{
    // This once landed at ~2.05 s in 1 run of 4: the runner, killed as the daemon started, was a zombie whose threads
    // still held its lock (closing its files takes a few ms) when the daemon's first pass looked, and the daemon left
    // that death to its 2 s slow pass. RunnerWatchSpecs has both sides of it deterministically.
    [Fact(Timeout = 90_000)]
    public async Task Kill_9_of_the_runner_is_resumed_by_the_daemon_within_2s_with_one_runner()
    {
        await using var s = new Sandbox();
        await s.Start("orphan", "sleep:30,sleep:2");
        var running = await s.WaitAtWork("orphan");
        var id = running.SessionId()!;
        var oldAgent = running.History()[0].Pid()!.Value;
        s.StartDaemon();
        var runner = Runners.Of(s).ShouldHaveSingleItem();
        Native.Kill(runner).ShouldBeTrue();
        var killedAt = DateTimeOffset.UtcNow;
        var resumed = await s.WaitFor("orphan", t => t.Attempts() >= 2 && t.IsRunning(), TimeSpan.FromSeconds(10), "the resumed attempt");
        (resumed.History()[1].GetProperty("startedAt").GetDateTimeOffset() - killedAt).ShouldBeLessThan(TimeSpan.FromSeconds(2));
        Runners.Of(s).Count.ShouldBe(1);
        Native.GroupExists(oldAgent).ShouldBeFalse(); // the old agent was ended before the resume
        var h = resumed.History();
        h[0].Outcome().ShouldBe("lost");
        h[1].Kind().ShouldBe("resume");
        h[1].Argv().ShouldContain(id);
        (await s.WaitFinal("orphan")).State().ShouldBe("succeeded");
    }

    [Fact(Timeout = 120_000)]
    public async Task After_tmux_kill_server_recover_resumes_ten_tasks_each_by_its_own_id()
    {
        // (WaitFinal throws on timeout; the recover output is in the state assertion's message.)
        await using var s = new Sandbox();
        var names = Enumerable.Range(1, 10).Select(i => $"t{i}").ToList();
        foreach (var n in names) await s.Start(n, "sleep:60,sleep:1", n.EndsWith('2') ? "claude" : "codex");
        var ids = new Dictionary<string, string>();
        foreach (var n in names) ids[n] = (await s.WaitAtWork(n)).SessionId()!;
        (await s.Tmux("kill-server")).ExitCode.ShouldBe(0);
        // The runners get SIGHUP, end their agents and record the attempt; recover acts once they are gone.
        for (var i = 0; i < 100 && Runners.Of(s).Count > 0; i++) await Task.Delay(100);
        Runners.Of(s).ShouldBeEmpty();
        var r = await s.Shepherd("recover");
        r.ExitCode.ShouldBe(0, r.ToString());
        foreach (var n in names)
        {
            var t = await s.Status(n);
            for (var i = 0; i < 300 && t.State() is not ("succeeded" or "failed" or "stopped"); i++) { await Task.Delay(100); t = await s.Status(n); }
            t.State().ShouldBe("succeeded", r.Stdout);
            var resumes = t.History().Where(a => a.Kind() == "resume").ToList();
            resumes.ShouldNotBeEmpty();
            resumes.ShouldAllBe(a => a.Argv().Contains(ids[n]));
            t.SessionId().ShouldBe(ids[n]);
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task After_a_simulated_reboot_recover_resumes_what_was_running()
    {
        await using var s = new Sandbox();
        var bootFile = Path.Combine(s.Dir, "boot_id");
        File.WriteAllText(bootFile, "boot-one\n");
        s.Env["SHEPHERD_BOOT_ID_FILE"] = bootFile;
        await s.Start("reboot", "sleep:60,sleep:1");
        var running = await s.WaitAtWork("reboot");
        running.History()[0].GetProperty("bootId").GetString().ShouldBe("boot-one");
        // A reboot: every process dies at once, nobody records anything.
        foreach (var pid in Runners.Of(s)) Native.Kill(pid);
        Native.KillGroup(running.History()[0].Pid()!.Value);
        await s.Tmux("kill-server");
        File.WriteAllText(bootFile, "boot-two\n");
        (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
        var t = await s.WaitFinal("reboot", TimeSpan.FromSeconds(30));
        t.State().ShouldBe("succeeded");
        var h = t.History();
        h[0].GetProperty("detail").GetString().ShouldBe("machine rebooted");
        h[1].Kind().ShouldBe("resume");
        h[1].GetProperty("bootId").GetString().ShouldBe("boot-two");
        h[1].Argv().ShouldContain(running.SessionId()!);
    }

    [Fact(Timeout = 90_000)]
    public async Task Five_concurrent_recovers_give_each_task_exactly_one_runner()
    {
        await using var s = new Sandbox();
        var names = new[] { "r1", "r2", "r3" };
        foreach (var n in names) await s.Start(n, "sleep:60,sleep:3");
        foreach (var n in names) await s.WaitAtWork(n);
        foreach (var pid in Runners.Of(s)) Native.Kill(pid);
        await Task.Delay(300);
        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => s.Shepherd("recover")));
        results.ShouldAllBe(r => r.ExitCode == 0);
        foreach (var n in names) await s.WaitFor(n, t => t.Attempts() == 2 && t.IsRunning(), TimeSpan.FromSeconds(15), "one resumed attempt");
        await Task.Delay(1000);
        Runners.Of(s).Count.ShouldBe(names.Length);
        foreach (var n in names)
        {
            var t = await s.WaitFinal(n);
            t.State().ShouldBe("succeeded");
            t.Attempts().ShouldBe(2);
            s.Calls(n).Count.ShouldBe(2);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Killing_the_daemon_during_resumes_and_restarting_it_resumes_every_task_once()
    {
        await using var s = new Sandbox();
        var names = new[] { "d1", "d2", "d3", "d4" };
        foreach (var n in names) await s.Start(n, "sleep:60,sleep:2");
        foreach (var n in names) await s.WaitAtWork(n);
        var daemon = s.StartDaemon();
        await Task.Delay(700);
        foreach (var pid in Runners.Of(s)) Native.Kill(pid);
        await Task.Delay(550); // the daemon is now in the middle of its pass
        daemon.Kill();
        await daemon.WaitForExitAsync();
        s.StartDaemon();
        foreach (var n in names)
        {
            var t = await s.WaitFinal(n, TimeSpan.FromSeconds(40));
            t.State().ShouldBe("succeeded");
            t.Attempts().ShouldBe(2);
            s.Calls(n).Count.ShouldBe(2);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_stopped_task_is_never_resumed_by_the_daemon()
    {
        await using var s = new Sandbox();
        await s.Start("halt", "hang");
        await s.WaitFor("halt", t => t.IsRunning(), what: "running");
        s.StartDaemon();
        (await s.Shepherd("stop", "halt")).ExitCode.ShouldBe(0);
        await Task.Delay(2500);
        var t = await s.Status("halt");
        t.State().ShouldBe("stopped");
        t.Attempts().ShouldBe(1);
        Runners.Of(s).ShouldBeEmpty();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_sigterm_to_the_runner_reaches_the_agents_group_and_the_task_is_left_for_recover()
    {
        await using var s = new Sandbox();
        await s.Start("term", "hang,ok");
        var running = await s.WaitAtWork("term");
        var agent = running.History()[0].Pid()!.Value;
        Native.Kill(Runners.Of(s).ShouldHaveSingleItem(), 15).ShouldBeTrue();
        var t = await s.WaitFor("term", t => t.State() == "backoff", TimeSpan.FromSeconds(10), "backoff");
        t.History()[0].Signal().ShouldBe(15);
        t.Reason()!.ShouldContain("SIGTERM");
        Native.GroupExists(agent).ShouldBeFalse();
        for (var i = 0; i < 50 && Runners.Of(s).Count > 0; i++) await Task.Delay(100);
        (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
        t = await s.WaitFinal("term");
        t.State().ShouldBe("succeeded");
        t.History()[1].Argv().ShouldContain(running.SessionId()!);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_runner_that_dies_at_once_is_relaunched_at_a_slow_pace_not_on_every_pass()
    {
        await using var s = new Sandbox();
        await s.Start("crashy", "hang");
        await s.WaitFor("crashy", t => t.IsRunning(), what: "running");
        // Every runner dies as soon as it appears (killed here), whoever launched it.
        using var killer = new CancellationTokenSource(TimeSpan.FromSeconds(6.5));
        var killing = Task.Run(async () =>
        {
            while (!killer.IsCancellationRequested)
            {
                foreach (var pid in Runners.Of(s)) Native.Kill(pid);
                await Task.Delay(10);
            }
        });
        s.StartDaemon();
        await killing;
        List<string> log;
        lock (s.DaemonLog) log = [.. s.DaemonLog];
        // A launch's line may start with what it took over first ("attempt 1 runner lost: …; resumed: …").
        log.Count(l => l.StartsWith("crashy: ") && l.Contains("resumed: ")).ShouldBeInRange(1, 2, string.Join("\n", log));
        log.ShouldContain(l => l.Contains("waiting before the next launch"), string.Join("\n", log));
        (await s.Status("crashy")).State().ShouldNotBe("succeeded");
    }

    [Fact(Timeout = 60_000)]
    public async Task Recover_finishes_a_final_task_whose_runner_never_wrote_its_done_file_and_pane_line()
    {
        await using var s = new Sandbox();
        await s.Start("unfinished", "ok");
        await s.WaitFinal("unfinished");
        // As if the runner had died right after storing the final state: no done file, no pane to show.
        var done = Path.Combine(s.Home, "tasks", "unfinished", "done");
        for (var i = 0; i < 50 && !File.Exists(done); i++) await Task.Delay(100);
        File.Delete(done);
        await s.Tmux("kill-server");
        var r = await s.Shepherd("recover");
        r.Stdout.ShouldContain("unfinished: finishing succeeded");
        for (var i = 0; i < 50 && !File.Exists(done); i++) await Task.Delay(100);
        File.ReadAllText(done).Trim().ShouldBe("succeeded");
        var pane = "";
        for (var i = 0; i < 50 && !pane.Contains("__TASK_DONE__"); i++, await Task.Delay(100))
            pane = (await s.Tmux("capture-pane", "-p", "-t", "=codex-unfinished:")).Stdout; // the visible screen, as the seed's monitors read it
        pane.ShouldContain("__TASK_DONE__ succeeded");
        var t = await s.Status("unfinished");
        t.State().ShouldBe("succeeded");
        t.Attempts().ShouldBe(1);
    }
}
