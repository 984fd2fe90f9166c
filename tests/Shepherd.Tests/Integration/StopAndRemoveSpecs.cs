using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

public sealed class StopAndRemoveSpecs
{
    [Fact(Timeout = 60_000)]
    public async Task Stop_ends_the_agent_records_stopped_and_nothing_resumes_it()
    {
        await using var s = new Sandbox();
        await s.Start("stopme", "hang");
        var running = await s.WaitFor("stopme", t => t.IsRunning(), what: "running");
        var pid = running.History()[0].Pid()!.Value;
        var stop = await s.Shepherd("stop", "stopme");
        stop.ExitCode.ShouldBe(0, stop.ToString());
        var t = await s.WaitFinal("stopme", TimeSpan.FromSeconds(10));
        t.State().ShouldBe("stopped");
        Native.GroupExists(pid).ShouldBeFalse();
        (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
        await Task.Delay(1500);
        t = await s.Status("stopme");
        t.State().ShouldBe("stopped");
        t.Attempts().ShouldBe(1);
        t.History()[0].Outcome().ShouldBe("stopped");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_stop_during_backoff_stays_stopped()
    {
        await using var s = new Sandbox();
        await s.Start("backoff", "exit:1", "codex", "--backoff", "5s");
        await s.WaitFor("backoff", t => t.State() == "backoff", what: "backoff");
        (await s.Shepherd("stop", "backoff")).ExitCode.ShouldBe(0);
        (await s.Status("backoff")).State().ShouldBe("stopped");
        await Task.Delay(6000);
        (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
        var t = await s.Status("backoff");
        t.State().ShouldBe("stopped");
        t.Attempts().ShouldBe(1);
    }

    [Fact(Timeout = 60_000)]
    public async Task Resume_unstops_a_stopped_task_by_its_session_id()
    {
        await using var s = new Sandbox();
        await s.Start("again", "hang,ok");
        var running = await s.WaitAtWork("again");
        await s.Shepherd("stop", "again");
        var r = await s.Shepherd("resume", "again", "--prompt", "carry on please");
        r.ExitCode.ShouldBe(0, r.ToString());
        var t = await s.WaitFinal("again");
        t.State().ShouldBe("succeeded");
        t.History()[1].Kind().ShouldBe("resume");
        t.History()[1].Argv().ShouldContain(running.SessionId()!);
        File.ReadAllText(Path.Combine(s.FakeState("again"), "prompt-2")).ShouldBe("carry on please"); // on stdin, not in argv
    }

    [Fact(Timeout = 60_000)]
    public async Task Rm_kills_the_session_and_deletes_the_files()
    {
        await using var s = new Sandbox();
        await s.Start("gone", "hang");
        var running = await s.WaitFor("gone", t => t.IsRunning(), what: "running");
        var r = await s.Shepherd("rm", "gone");
        r.ExitCode.ShouldBe(0, r.ToString());
        Directory.Exists(Path.Combine(s.Home, "tasks", "gone")).ShouldBeFalse();
        (await s.Tmux("has-session", "-t", "=codex-gone")).ExitCode.ShouldNotBe(0);
        Native.GroupExists(running.History()[0].Pid()!.Value).ShouldBeFalse();
        (await s.Shepherd("status", "gone")).ExitCode.ShouldBe(2);
        (await s.Shepherd("list", "--json")).Stdout.ShouldNotContain("\"gone\"");
    }

    // A start or an rm killed half-way leaves files no command of that name may ever come back for: the staged files of
    // a start killed before its rename, an rm's tombstone, a task directory whose row an rm had already deleted.
    [Fact(Timeout = 90_000)]
    public async Task Rm_takes_several_names_checking_all_first_and_finished_clears_the_finished_ones()
    {
        await using var s = new Sandbox();
        foreach (var n in new[] { "one", "two", "three" }) await s.Start(n, "ok");
        await s.Start("busy", "hang");
        foreach (var n in new[] { "one", "two", "three" }) await s.WaitFinal(n);

        var typo = await s.Shepherd("rm", "one", "tow");
        typo.ExitCode.ShouldBe(2, typo.ToString());
        typo.Stderr.ShouldContain("no task named 'tow'");
        (await s.Shepherd("status", "one")).ExitCode.ShouldBe(0); // nothing removed for a typo in another name

        var both = await s.Shepherd("rm", "one", "two");
        both.ExitCode.ShouldBe(0, both.ToString());
        both.Stdout.ShouldBe("removed one\nremoved two\n");

        (await s.Shepherd("rm", "--finished", "--older-than", "1h")).Stdout.ShouldBe("no tasks finished more than 1h ago\n");
        (await s.Shepherd("rm", "--older-than", "1h")).ExitCode.ShouldBe(2);
        (await s.Shepherd("rm")).ExitCode.ShouldBe(2);
        var finished = await s.Shepherd("rm", "--finished");
        finished.ExitCode.ShouldBe(0, finished.ToString());
        finished.Stdout.ShouldBe("removed three\n");
        (await s.Status("busy")).State().ShouldNotBe("stopped"); // an unfinished task is left alone
        Directory.Exists(Path.Combine(s.Home, "tasks", "three")).ShouldBeFalse();
    }

    [Fact(Timeout = 60_000)]
    public async Task Recover_clears_what_an_interrupted_start_or_rm_left_and_nothing_a_task_owns()
    {
        await using var s = new Sandbox();
        await s.Start("kept", "ok");
        await s.WaitFinal("kept");
        var tasks = Path.Combine(s.Home, "tasks");
        string Leftover(string dir, DateTime written)
        {
            var path = Path.Combine(tasks, dir);
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, "prompt"), "secret prompt");
            Directory.SetLastWriteTimeUtc(path, written);
            return path;
        }
        var oldStart = Leftover(".starting-lost.0123abcd", DateTime.UtcNow.AddHours(-2));
        var youngStart = Leftover(".starting-young.4567abcd", DateTime.UtcNow); // a start may be writing it now
        var tomb = Leftover(".removed-gone.89abcdef", DateTime.UtcNow);
        var rowless = Leftover("orphan", DateTime.UtcNow);
        var r = await s.Shepherd("recover");
        r.ExitCode.ShouldBe(0, r.ToString());
        Directory.Exists(oldStart).ShouldBeFalse();
        Directory.Exists(tomb).ShouldBeFalse();
        Directory.Exists(rowless).ShouldBeFalse();
        Directory.Exists(youngStart).ShouldBeTrue();
        Directory.EnumerateDirectories(tasks).Where(d => Path.GetFileName(d).StartsWith(".removed-")).ShouldBeEmpty();
        File.Exists(Path.Combine(tasks, "kept", "prompt")).ShouldBeTrue();
        r.Stdout.ShouldContain("lost: files of a start that never finished removed");
        r.Stdout.ShouldContain("gone: files of an unfinished rm removed");
        r.Stdout.ShouldContain("orphan: files of an unfinished rm removed");
        (await s.Status("kept")).State().ShouldBe("succeeded");
    }

    [Fact(Timeout = 60_000)]
    public async Task Max_runtime_fails_the_task_and_ends_the_agent_group()
    {
        await using var s = new Sandbox();
        await s.Start("slow", "hang", "codex", "--max-runtime", "2s");
        var running = await s.WaitFor("slow", t => t.IsRunning(), what: "running");
        var t = await s.WaitFinal("slow", TimeSpan.FromSeconds(20));
        t.State().ShouldBe("failed");
        t.Reason()!.ShouldContain("max runtime");
        Native.GroupExists(running.History()[0].Pid()!.Value).ShouldBeFalse();
    }

    [Fact(Timeout = 60_000)]
    public async Task Stop_escalates_to_sigkill_for_an_agent_that_ignores_sigint_and_sigterm()
    {
        await using var s = new Sandbox();
        await s.Start("stubborn", "stubborn");
        var running = await s.WaitAtWork("stubborn");
        await Task.Delay(500); // let it install its handlers
        var watch = System.Diagnostics.Stopwatch.StartNew();
        (await s.Shepherd("stop", "stubborn")).ExitCode.ShouldBe(0);
        watch.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(3.5)); // SIGINT, 2 s, SIGTERM, 2 s, SIGKILL
        var t = await s.WaitFinal("stubborn");
        t.State().ShouldBe("stopped");
        t.History()[0].Signal().ShouldBe(9);
        Native.GroupExists(running.History()[0].Pid()!.Value).ShouldBeFalse();
    }

    [Fact(Timeout = 60_000)]
    public async Task Extra_arguments_after_a_double_dash_reach_the_agent_on_every_attempt()
    {
        await using var s = new Sandbox();
        await s.Start("extra", "exit:1,ok", "codex", "--", "-m", "o3", "--flag with space");
        var t = await s.WaitFinal("extra");
        t.State().ShouldBe("succeeded");
        foreach (var call in s.Calls("extra"))
        {
            var argv = call.GetProperty("argv").EnumerateArray().Select(a => a.GetString()).ToList();
            argv.ShouldContain("-m");
            argv.ShouldContain("o3");
            argv.ShouldContain("--flag with space");
        }
    }
}
