using System.Text.Json;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary>The smaller commands: list, status, logs, wait, doctor, daemon --install, usage errors.</summary>
public sealed class CommandSpecs
{
    [Fact(Timeout = 60_000)]
    public async Task List_and_status_strip_the_escapes_the_agent_printed_and_logs_show_them_raw()
    {
        await using var s = new Sandbox();
        await s.Start("escape", "ok");
        await s.WaitFinal("escape");
        var log = Path.Combine(s.Home, "tasks", "escape", "output.log");
        File.AppendAllText(log, "evil \u001b]0;pwned\u0007 title\n");
        var status = await s.Shepherd("status", "escape");
        status.ExitCode.ShouldBe(0);
        status.Stdout.ShouldNotContain("\u001b");
        status.Stdout.ShouldContain("  evil  title\n"); // stripped as logs --plain strips them, not shown as \x1b text
        var list = await s.Shepherd("list");
        list.Stdout.ShouldContain("escape");
        list.Stdout.ShouldContain("succeeded");
        var logs = await s.Shepherd("logs", "escape");
        logs.Stdout.ShouldContain("\u001b]0;pwned");
        logs.Stdout.ShouldContain("thread.started");
    }

    [Fact(Timeout = 60_000)]
    public async Task Status_json_has_the_contract_fields_and_every_attempt_with_its_exit()
    {
        await using var s = new Sandbox();
        await s.Start("fields", "exit:4,ok");
        var t = await s.WaitFinal("fields");
        foreach (var field in new[] { "name", "agent", "state", "projectDir", "tmuxSession", "agentSessionId", "attempts", "lastExit", "reason", "createdAt", "updatedAt" })
            t.TryGetProperty(field, out _).ShouldBeTrue(field);
        t.GetProperty("tmuxSession").GetString().ShouldBe("codex-fields");
        t.GetProperty("projectDir").GetString().ShouldBe(s.Project);
        t.GetProperty("lastExit").GetProperty("code").GetInt32().ShouldBe(0);
        t.History().Select(a => a.ExitCode()).ShouldBe([4, 0]);
    }

    [Fact(Timeout = 60_000)]
    public async Task Wait_times_out_with_exit_1_and_logs_follow_until_the_end()
    {
        await using var s = new Sandbox();
        await s.Start("waiting", "sleep:2");
        var wait = await s.Shepherd("wait", "waiting", "--timeout", "300ms");
        wait.ExitCode.ShouldBe(1);
        wait.Stderr.ShouldContain("timed out");
        var follow = await s.Shepherd("logs", "waiting", "--follow");
        follow.ExitCode.ShouldBe(0);
        follow.Stdout.ShouldContain("turn.completed");
        (await s.Shepherd("wait", "waiting")).ExitCode.ShouldBe(0);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("status", "nosuch")]
    [InlineData("stop", "nosuch")]
    [InlineData("frobnicate")]
    [InlineData("start", "x", "--agent")]
    [InlineData("wait", "nosuch", "--timeout", "soon")]
    public async Task Usage_errors_are_one_line_with_exit_2(params string[] args)
    {
        await using var s = new Sandbox();
        var r = await s.Shepherd(args);
        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stderr.Trim().Split('\n').Length.ShouldBe(1, r.ToString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Doctor_reports_tmux_each_agent_and_the_private_state_dir()
    {
        await using var s = new Sandbox();
        await s.Start("probe", "hang");
        await s.WaitAtWork("probe");
        var r = await s.Shepherd("doctor", "--json");
        r.ExitCode.ShouldBe(0, r.ToString()); // the fake Codex keeps its rollout where the real one does
        var checks = JsonDocument.Parse(r.Stdout).RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        checks["tmux"].GetProperty("ok").GetBoolean().ShouldBeTrue();
        checks["state dir"].GetProperty("ok").GetBoolean().ShouldBeTrue();
        checks["database"].GetProperty("ok").GetBoolean().ShouldBeTrue();
        checks["task probe"].GetProperty("detail").GetString()!.ShouldContain("codex, running");
        checks["task probe"].GetProperty("detail").GetString()!.ShouldContain("rollout of thread");
        foreach (var rollout in Directory.EnumerateFiles(Path.Combine(s.Dir, "codex"), "rollout-*", SearchOption.AllDirectories)) File.Delete(rollout);
        var gone = await s.Shepherd("doctor", "--json");
        gone.ExitCode.ShouldBe(1, gone.ToString()); // without its rollout the task could not be resumed
        JsonDocument.Parse(gone.Stdout).RootElement.EnumerateArray().Where(c => c.GetProperty("level").GetString() == "fail")
            .Select(c => c.GetProperty("name").GetString()).ShouldBe(["task probe"]);
        foreach (var agent in new[] { "codex", "claude", "opencode", "pi", "gemini", "qwen", "copilot" })
            checks[agent].GetProperty("detail").GetString()!.ShouldContain(Repo.FakeAgentBin);
    }

    [Fact(Timeout = 30_000)]
    public async Task Daemon_install_writes_a_systemd_user_unit()
    {
        await using var s = new Sandbox();
        var config = Path.Combine(s.Dir, "xdg-config");
        var r = await s.ShepherdWith(new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = config }, null, "daemon", "--install");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("systemctl --user");
        var unit = File.ReadAllText(Path.Combine(config, "systemd", "user", "shepherd.service"));
        unit.ShouldContain("Restart=on-failure");
        unit.ShouldContain("KillMode=process"); // stopping the daemon must not kill the tmux server it started
        unit.ShouldContain(" daemon");
        unit.ShouldContain($"SHEPHERD_HOME={s.Home}");
    }

    [Fact(Timeout = 30_000)]
    public async Task A_second_daemon_on_the_same_home_refuses_to_run()
    {
        await using var s = new Sandbox();
        var first = s.StartDaemon();
        await Task.Delay(1500);
        var second = await s.Shepherd("daemon");
        second.ExitCode.ShouldBe(1);
        second.Stdout.ShouldContain("already running");
        first.HasExited.ShouldBeFalse();
    }

    [Fact(Timeout = 90_000)]
    public async Task The_demo_shows_a_kill_and_a_resume_by_the_same_id_then_cleans_up()
    {
        await using var s = new Sandbox();
        // As a user runs it: auto_daemon on (the sandbox turns it off for every other test).
        var r = await s.ShepherdWith(new Dictionary<string, string?> { ["SHEPHERD_FAKE_AGENT"] = Repo.FakeAgentBin, ["SHEPHERD_NO_AUTO_DAEMON"] = null }, null, "demo");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("kill -9");
        r.Stdout.ShouldContain("attempt 2 is a 'resume' of session");
        r.Stdout.ShouldContain("final state: succeeded");
        r.Stdout.ShouldContain("cleaned up");
        r.Stdout.ShouldNotContain("shepherd attach"); // nobody can attach to the demo's private socket
        r.Stdout.ShouldNotContain("daemon");
        var project = System.Text.RegularExpressions.Regex.Match(r.Stdout, @"directory (\S+)/project").Groups[1].Value;
        project.ShouldContain("shepherd-demo-");
        Directory.Exists(project).ShouldBeFalse(); // its private state and project are gone
        LeftRunning(project).ShouldBeEmpty(); // nothing it started (a daemon, a runner) lives on
    }

    /// <summary>Our processes whose environment names the demo's directory.</summary>
    private static List<int> LeftRunning(string root)
    {
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try { if (File.ReadAllText(Path.Combine(dir, "environ")).Contains(root)) found.Add(pid); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }
}
