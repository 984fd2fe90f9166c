using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Recovery;

/// <summary>Nothing to babysit: <c>start</c> makes sure a daemon watches the tasks, and a task with no runner and no
/// daemon is shown as orphaned and recovered by the commands that wait on it.</summary>
public sealed class AutoDaemonSpecs
{
    private static Sandbox WithAutoDaemon()
    {
        var s = new Sandbox();
        s.Env.Remove("SHEPHERD_NO_AUTO_DAEMON");
        s.Env["XDG_CONFIG_HOME"] = Directory.CreateDirectory(Path.Combine(s.Dir, "xdg-config")).FullName;
        return s;
    }

    [Fact(Timeout = 90_000)]
    public async Task Start_launches_a_detached_daemon_that_brings_tasks_back_after_tmux_kill_server_by_itself()
    {
        await using var s = WithAutoDaemon();
        var r = await s.Start("auto", "sleep:60,sleep:1");
        r.Stderr.ShouldContain("started a shepherd daemon");
        r.Stderr.ShouldContain("daemon --install"); // shown once: no systemd unit
        await Sandbox.Until(() => s.LaunchedDaemon() is not null, TimeSpan.FromSeconds(10), "the daemon");
        var daemon = s.LaunchedDaemon()!.Value;
        var stat = File.ReadAllText($"/proc/{daemon}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        fields[3].ShouldBe(daemon.ToString()); // a session of its own (sid == pid): not in tmux, not in our session
        File.ReadAllText(Path.Combine(s.Home, "daemon.log")).ShouldContain("daemon started");
        var running = await s.WaitAtWork("auto");
        (await s.Tmux("kill-server")).ExitCode.ShouldBe(0);
        var back = await s.WaitFor("auto", t => t.Attempts() >= 2, TimeSpan.FromSeconds(20), "the task to come back by itself");
        back.History()[1].Argv().ShouldContain(running.SessionId()!);
        (await s.WaitFinal("auto")).State().ShouldBe("succeeded");
        var second = await s.Start("again", "ok");
        second.Stderr.ShouldNotContain("started a shepherd daemon"); // one daemon is watching already
        second.Stderr.ShouldNotContain("daemon --install"); // the note shows once
        s.LaunchedDaemon().ShouldBe(daemon);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("env")]
    [InlineData("config")]
    public async Task Auto_daemon_can_be_turned_off(string how)
    {
        await using var s = WithAutoDaemon();
        if (how == "env") s.Env["SHEPHERD_NO_AUTO_DAEMON"] = "1";
        else File.WriteAllText(s.Env["SHEPHERD_CONFIG"]!, "auto_daemon = false\n");
        var r = await s.Start("manual", "ok");
        r.Stderr.ShouldContain("no shepherd daemon is running");
        await s.WaitFinal("manual");
        s.LaunchedDaemon().ShouldBeNull();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_daemon_told_to_exit_when_idle_exits_by_itself_once_no_task_is_left()
    {
        await using var s = new Sandbox();
        var r = await s.Shepherd("daemon", "--exit-when-idle", "1s", "--log", Path.Combine(s.Dir, "d.log"));
        r.ExitCode.ShouldBe(0, r.ToString());
        File.ReadAllText(Path.Combine(s.Dir, "d.log")).ShouldContain("no unfinished task or undelivered notification for 1s: exiting");
    }

    // A cmd: notifier whose receiver came back 25 s after the task ended (past the runner's own retries): the daemon had
    // exited at its idle timeout, and the notification stayed "retrying" until some later start.
    [Fact(Timeout = 120_000)]
    public async Task A_daemon_told_to_exit_when_idle_stays_until_the_last_notification_is_delivered()
    {
        await using var s = new Sandbox();
        var up = Path.Combine(s.Dir, "receiver-up");
        var received = Path.Combine(s.Dir, "received");
        var notifier = s.Script("notify.sh", $"[ -e '{up}' ] || {{ echo 'receiver down' >&2; exit 1; }}\necho \"$SHEPHERD_STATE\" >> '{received}'");
        var log = Path.Combine(s.Dir, "d.log");
        // As start launches it, with a short idle time.
        var daemon = Processes.RunAsync([Repo.ShepherdBin, "daemon", "--exit-when-idle", "2s", "--log", log], s.Env, timeout: TimeSpan.FromSeconds(110));
        await Sandbox.Until(() => s.LaunchedDaemon() is not null, TimeSpan.FromSeconds(10), "the daemon");
        await s.Start("late", "ok", "codex", "--notify", "cmd:" + notifier);
        (await s.WaitFinal("late")).State().ShouldBe("succeeded");
        // The runner gives up on the notification after its own bounded retries, long after the idle time ran out.
        await Sandbox.Until(() => File.Exists(Path.Combine(s.Home, "tasks", "late", "done")), TimeSpan.FromSeconds(40), "the runner to finish up");
        Notification(await s.Status("late")).ShouldBe("retrying");
        daemon.IsCompleted.ShouldBeFalse($"the daemon exited with a notification undelivered: {File.ReadAllText(log)}");
        File.WriteAllText(up, "");
        await s.WaitFor("late", t => Notification(t) == "delivered", TimeSpan.FromSeconds(60), "the daemon to deliver the notification");
        File.ReadAllText(received).ShouldBe("succeeded\n");
        var exited = await daemon.WaitAsync(TimeSpan.FromSeconds(20));
        exited.ExitCode.ShouldBe(0, exited.ToString());
        File.ReadAllText(log).ShouldContain("no unfinished task or undelivered notification for 2s: exiting");
    }

    private static string Notification(System.Text.Json.JsonElement task) =>
        task.GetProperty("notifications")[0].GetProperty("status").GetString()!;

    [Fact(Timeout = 90_000)]
    public async Task With_no_runner_and_no_daemon_a_task_shows_as_orphaned_and_wait_brings_it_back()
    {
        await using var s = new Sandbox();
        await s.Start("lost", "sleep:60,sleep:1");
        await s.WaitAtWork("lost");
        (await s.Tmux("kill-server")).ExitCode.ShouldBe(0);
        await Sandbox.Until(() => Runners.AllGone(s), TimeSpan.FromSeconds(10), "the runner to end");
        var status = await s.Shepherd("status", "lost");
        status.Stdout.ShouldContain("orphaned");
        status.Stdout.ShouldContain("shepherd recover");
        (await s.Status("lost")).GetProperty("orphaned").GetBoolean().ShouldBeTrue();
        (await s.Shepherd("list")).Stdout.ShouldContain("orphaned");
        var wait = await s.Shepherd("wait", "lost", "--timeout", "40s");
        wait.ExitCode.ShouldBe(0, wait.ToString());
        wait.Stderr.ShouldContain("lost had no runner");
        (await s.Status("lost")).Attempts().ShouldBe(2);
    }

    [Fact(Timeout = 90_000)]
    public async Task Logs_follow_on_an_orphaned_task_brings_it_back_and_ends_with_it()
    {
        await using var s = new Sandbox();
        await s.Start("follow", "sleep:60,sleep:1");
        await s.WaitAtWork("follow");
        (await s.Tmux("kill-server")).ExitCode.ShouldBe(0);
        await Sandbox.Until(() => Runners.AllGone(s), TimeSpan.FromSeconds(10), "the runner to end");
        var logs = await s.Shepherd("logs", "follow", "-f");
        logs.ExitCode.ShouldBe(0);
        logs.Stdout.ShouldContain("__TASK_DONE__ succeeded");
    }
}
