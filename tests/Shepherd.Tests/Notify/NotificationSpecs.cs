using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Notify;

/// <summary>Each notifier delivers once per final state, whichever process ends up delivering it.</summary>
public sealed class NotificationSpecs
{
    private static string Script(Sandbox s, string body)
    {
        var path = Path.Combine(s.Dir, "notify.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static string[] Lines(string path) => File.Exists(path) ? File.ReadAllLines(path) : [];

    [Fact(Timeout = 60_000)]
    public async Task Cmd_and_webhook_are_notified_exactly_once_with_the_task_in_their_environment_and_payload()
    {
        await using var s = new Sandbox();
        using var hook = new WebhookReceiver();
        var log = Path.Combine(s.Dir, "notified");
        var script = Script(s, $"echo \"$SHEPHERD_TASK|$SHEPHERD_STATE|$SHEPHERD_AGENT|$SHEPHERD_DIR|$SHEPHERD_NOTIFICATION_ID\" >> '{log}'");
        await s.Start("notified", "exit:1,ok", "codex", "--notify", "cmd:" + script, "--notify", "webhook:" + hook.Url);
        (await s.WaitFinal("notified")).State().ShouldBe("succeeded");
        for (var i = 0; i < 50 && (Lines(log).Length == 0 || hook.Posts.Count == 0); i++) await Task.Delay(100);
        s.StartDaemon(); // a daemon looking at the same outbox must not send again
        await Task.Delay(2500);
        var line = Lines(log).ShouldHaveSingleItem().Split('|');
        line[..4].ShouldBe(["notified", "succeeded", "codex", s.Project]);
        var post = hook.Posts.ShouldHaveSingleItem();
        post.GetProperty("task").GetString().ShouldBe("notified");
        post.GetProperty("state").GetString().ShouldBe("succeeded");
        post.GetProperty("id").GetString().ShouldNotBeNullOrEmpty();
        File.ReadAllText(Path.Combine(s.Home, "tasks", "notified", "done")).Trim().ShouldBe("succeeded");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_webhook_that_is_down_is_retried_by_the_daemon_until_confirmed_then_never_again()
    {
        await using var s = new Sandbox();
        using var hook = new WebhookReceiver { Failing = true };
        await s.Start("retry", "auth", "codex", "--notify", "webhook:" + hook.Url);
        (await s.WaitFinal("retry")).State().ShouldBe("failed");
        for (var i = 0; i < 50 && hook.Refused == 0; i++) await Task.Delay(100);
        hook.Refused.ShouldBeGreaterThan(0);
        // The runner retries for a bounded time, then leaves the rest to the daemon.
        await Sandbox.Until(() => Runners.AllGone(s), TimeSpan.FromSeconds(30), "the runner to leave");
        s.StartDaemon();
        await Task.Delay(1000);
        hook.Failing = false;
        // The next try comes when its backoff (doubling from 2 s) is due.
        await Sandbox.Until(() => hook.Posts.Count > 0, TimeSpan.FromSeconds(45), "the daemon's delivery");
        await Task.Delay(3000);
        var post = hook.Posts.ShouldHaveSingleItem();
        post.GetProperty("state").GetString().ShouldBe("failed");
        post.GetProperty("reason").GetString()!.ShouldContain("authentication");
    }

    [Fact(Timeout = 60_000)]
    public async Task When_the_runner_dies_while_notifying_the_daemon_delivers_under_the_same_notification_id()
    {
        await using var s = new Sandbox();
        var log = Path.Combine(s.Dir, "notified");
        var started = Path.Combine(s.Dir, "started");
        // The first delivery hangs (as a slow receiver would) so the runner can be killed in the middle of it.
        var script = Script(s, $"if [ ! -e '{started}' ]; then touch '{started}'; sleep 30; fi\necho \"$SHEPHERD_NOTIFICATION_ID\" >> '{log}'");
        await s.Start("dying", "ok", "codex", "--notify", "cmd:" + script);
        await s.WaitFinal("dying");
        for (var i = 0; i < 50 && !File.Exists(started); i++) await Task.Delay(100);
        File.Exists(started).ShouldBeTrue();
        var runners = Runners.Of(s);
        runners.ShouldHaveSingleItem();
        Native.Kill(runners[0]).ShouldBeTrue();
        s.StartDaemon();
        for (var i = 0; i < 100 && Lines(log).Length == 0; i++) await Task.Delay(100);
        await Task.Delay(2000);
        Lines(log).Length.ShouldBe(1, string.Join("\n", s.DaemonLog));
        File.Exists(Path.Combine(s.Home, "tasks", "dying", "done")).ShouldBeTrue();
    }

    [Theory(Timeout = 60_000)]
    [InlineData("openclaw", "openclaw", "system|event|--text|codex failed: relay (authentication refused: 401 Unauthorized: invalid x-api-key)|--mode|now")]
    [InlineData("desktop", "notify-send", "Shepherd|codex failed: relay (authentication refused: 401 Unauthorized: invalid x-api-key)")]
    public async Task Openclaw_and_desktop_notifiers_run_their_programs_with_the_seeds_text(string spec, string program, string expectedArgs)
    {
        await using var s = new Sandbox();
        var bin = Directory.CreateDirectory(Path.Combine(s.Dir, "bin")).FullName;
        var log = Path.Combine(s.Dir, "argv");
        // Stand-ins on the task's PATH record their argv, one argument per line.
        Script(s, $"for a in \"$@\"; do echo \"$a\"; done >> '{log}'");
        File.Move(Path.Combine(s.Dir, "notify.sh"), Path.Combine(bin, program));
        s.Env["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        await s.Start("relay", "auth", "codex", "--notify", spec);
        (await s.WaitFinal("relay")).State().ShouldBe("failed");
        for (var i = 0; i < 50 && Lines(log).Length == 0; i++) await Task.Delay(100);
        string.Join("|", Lines(log)).ShouldBe(expectedArgs);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_bare_cmd_notifier_that_is_not_on_PATH_but_here_is_the_file_here_stored_by_its_absolute_path()
    {
        await using var s = new Sandbox();
        var here = Directory.CreateDirectory(Path.Combine(s.Dir, "here")).FullName;
        var log = Path.Combine(s.Dir, "notified");
        File.WriteAllText(Path.Combine(here, "notify.sh"), $"#!/bin/sh\necho \"$SHEPHERD_TASK $SHEPHERD_STATE\" >> '{log}'\n");
        File.SetUnixFileMode(Path.Combine(here, "notify.sh"), (UnixFileMode)0b111_101_101);
        var env = new Dictionary<string, string?>(s.Env) { ["FAKE_AGENT_PLAN"] = "ok", ["FAKE_AGENT_STATE"] = s.FakeState("local") };
        var r = await Processes.RunAsync([Repo.ShepherdBin, "start", "local", "--agent", "codex", "--dir", s.Project, "--prompt", "p",
            "--notify", "cmd:notify.sh"], env, cwd: here);
        r.ExitCode.ShouldBe(0, r.ToString());
        (await s.WaitFinal("local")).State().ShouldBe("succeeded");
        await s.FinishedUp("local");
        Lines(log).ShouldBe(["local succeeded"]);
        (await s.Shepherd("status", "local", "--json")).Stdout.ShouldContain($"cmd:{here}/notify.sh");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_notifier_that_keeps_failing_does_not_change_the_final_state()
    {
        await using var s = new Sandbox();
        await s.Start("unheard", "ok", "codex", "--notify", "cmd:/bin/false");
        (await s.WaitFinal("unheard")).State().ShouldBe("succeeded");
        (await s.Shepherd("wait", "unheard")).ExitCode.ShouldBe(0);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_hanging_notifier_does_not_delay_the_daemons_recoveries()
    {
        await using var s = new Sandbox();
        var script = Script(s, "sleep 60");
        await s.Start("slowhook", "auth", "codex", "--notify", "cmd:" + script);
        await s.WaitFinal("slowhook");
        foreach (var pid in Runners.Of(s)) Native.Kill(pid); // the runner was stuck in the notifier: the daemon takes over
        await s.Start("victim", "sleep:30,sleep:1");
        await s.WaitAtWork("victim");
        s.StartDaemon();
        await Task.Delay(1000); // the daemon is now inside the hanging notifier
        foreach (var pid in Runners.Of(s)) Native.Kill(pid);
        var resumed = await s.WaitFor("victim", t => t.Attempts() == 2, TimeSpan.FromSeconds(5), "a resume while the notifier hangs");
        resumed.History()[1].Kind().ShouldBe("resume");
    }
}
