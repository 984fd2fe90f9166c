using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary>start → run → exit → resume, through the real CLI, real tmux (private socket) and the fake agent.</summary>
public sealed class LifecycleSpecs
{
    [Fact(Timeout = 60_000)]
    public async Task A_task_that_exits_0_succeeds_with_one_attempt()
    {
        await using var s = new Sandbox();
        await s.Start("hello", "ok");
        var t = await s.WaitFinal("hello");
        t.State().ShouldBe("succeeded");
        t.Attempts().ShouldBe(1);
        t.History()[0].ExitCode().ShouldBe(0);
        t.SessionId().ShouldNotBeNull();
        var done = Path.Combine(s.Home, "tasks", "hello", "done");
        await Sandbox.Until(() => File.Exists(done), TimeSpan.FromSeconds(10), "the done file, written after the notifications");
        File.ReadAllText(done).Trim().ShouldBe("succeeded");
        var wait = await s.Shepherd("wait", "hello", "--timeout", "5s");
        wait.ExitCode.ShouldBe(0);
        (await s.Tmux("capture-pane", "-p", "-t", "=codex-hello:")).Stdout.ShouldContain("__TASK_DONE__ succeeded");
        var taskDir = Path.Combine(s.Home, "tasks", "hello");
        File.GetUnixFileMode(taskDir).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var files = Directory.GetFiles(taskDir);
        files.Select(Path.GetFileName).ShouldBe(["done", "env", "output.log", "prompt", "runner.lock"], ignoreOrder: true);
        foreach (var f in files.Append(Path.Combine(s.Home, "shepherd.db")))
            File.GetUnixFileMode(f).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite, f);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_agent_that_exits_3_is_resumed_by_its_id_and_both_attempts_are_recorded()
    {
        await using var s = new Sandbox();
        await s.Start("exit3", "exit:3,ok");
        var t = await s.WaitFinal("exit3");
        t.State().ShouldBe("succeeded");
        var h = t.History();
        h.Count.ShouldBe(2);
        h[0].ExitCode().ShouldBe(3);
        h[0].Outcome().ShouldBe("retryable");
        h[1].Kind().ShouldBe("resume");
        h[1].Argv().ShouldContain(t.SessionId()!);
        s.Calls("exit3")[1].GetProperty("session").GetString().ShouldBe(t.SessionId());
    }

    [Theory(Timeout = 60_000)]
    [InlineData("codex")]
    [InlineData("claude")]
    [InlineData("opencode")]
    [InlineData("pi")]
    [InlineData("gemini")]
    [InlineData("qwen")]
    [InlineData("copilot")]
    public async Task Kill_9_of_the_agent_mid_run_resumes_the_same_session_id(string agent)
    {
        await using var s = new Sandbox();
        // pi only has a resumable session once a turn completed: the first attempt finishes a turn
        // ("print"), then the runner is asked to resume, which is the run we kill.
        await s.Start("kill9", "sleep:30,ok", agent);
        var running = await s.WaitAtWork("kill9");
        var id = running.SessionId()!;
        if (agent == "pi") File.WriteAllText(id, Guid.NewGuid() + "\n"); // as if pi had saved its first turn
        Native.KillGroup(running.History()[0].Pid()!.Value).ShouldBeTrue();
        var t = await s.WaitFinal("kill9");
        t.State().ShouldBe("succeeded");
        var h = t.History();
        h.Count.ShouldBe(2);
        h[0].Signal().ShouldBe(9);
        h[1].Kind().ShouldBe("resume");
        h[1].GetProperty("agentSessionId").GetString().ShouldBe(id);
        h[1].Argv().ShouldContain(id);
        t.SessionId().ShouldBe(id);
        s.Calls("kill9")[1].GetProperty("session").GetString().ShouldBe(id);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_agent_killed_in_pis_first_turn_before_it_saved_a_session_runs_the_prompt_again()
    {
        await using var s = new Sandbox();
        await s.Start("pi-first", "sleep:30,ok", "pi");
        var running = await s.WaitAtWork("pi-first");
        Native.KillGroup(running.History()[0].Pid()!.Value);
        var t = await s.WaitFinal("pi-first");
        t.State().ShouldBe("succeeded");
        t.History()[1].Kind().ShouldBe("start");
        File.ReadAllText(Path.Combine(s.FakeState("pi-first"), "prompt-2")).ShouldBe("task pi-first");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_crash_before_any_session_id_runs_the_original_prompt_again()
    {
        await using var s = new Sandbox();
        await s.Start("noid", "noid-exit:1,ok");
        var t = await s.WaitFinal("noid");
        t.State().ShouldBe("succeeded");
        var h = t.History();
        h.Count.ShouldBe(2);
        h[0].GetProperty("agentSessionId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        h[1].Kind().ShouldBe("start");
        File.ReadAllText(Path.Combine(s.FakeState("noid"), "prompt-2")).ShouldBe("task noid");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_non_retryable_exit_fails_with_its_reason_and_is_not_resumed()
    {
        await using var s = new Sandbox();
        await s.Start("auth", "auth,ok");
        var t = await s.WaitFinal("auth");
        t.State().ShouldBe("failed");
        t.Reason()!.ShouldContain("authentication refused");
        await Task.Delay(1000);
        (await s.Status("auth")).Attempts().ShouldBe(1);
        (await s.Shepherd("wait", "auth")).ExitCode.ShouldBe(1);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_spent_restart_budget_fails_the_task()
    {
        await using var s = new Sandbox();
        await s.Start("budget", "exit:1", "codex", "--max-restarts", "2", "--backoff-max", "300ms");
        var t = await s.WaitFinal("budget");
        t.State().ShouldBe("failed");
        t.Reason()!.ShouldContain("restart budget spent");
        t.Attempts().ShouldBe(3);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_rate_limit_waits_for_the_reset_time_the_agent_printed()
    {
        await using var s = new Sandbox();
        await s.Start("limited", "ratelimit:2,ok", "claude");
        var t = await s.WaitFinal("limited");
        t.State().ShouldBe("succeeded");
        var h = t.History();
        h[0].GetProperty("detail").GetString()!.ShouldContain("rate limited");
        var gap = h[1].GetProperty("startedAt").GetDateTimeOffset() - h[0].GetProperty("endedAt").GetDateTimeOffset();
        gap.ShouldBeGreaterThan(TimeSpan.FromSeconds(1.5));
    }

    [Fact(Timeout = 60_000)]
    public async Task Pi_exiting_0_with_an_api_error_is_retried_not_succeeded()
    {
        await using var s = new Sandbox();
        await s.Start("pi-api", "apierror,ok", "pi");
        var t = await s.WaitFinal("pi-api");
        t.State().ShouldBe("succeeded");
        t.History()[0].Outcome().ShouldBe("retryable");
        t.History()[0].ExitCode().ShouldBe(0);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_task_whose_prompt_file_was_deleted_fails_with_that_reason_instead_of_crashing_its_runner()
    {
        await using var s = new Sandbox();
        await s.Start("lost-prompt", "exit:1,ok", "codex", "--backoff", "2s");
        await s.WaitFor("lost-prompt", t => t.State() == "backoff", what: "backoff");
        File.Delete(Path.Combine(s.Home, "tasks", "lost-prompt", "prompt"));
        var t = await s.WaitFinal("lost-prompt");
        t.State().ShouldBe("failed");
        t.Reason()!.ShouldContain("task file missing");
        t.Attempts().ShouldBe(1);
    }
}
