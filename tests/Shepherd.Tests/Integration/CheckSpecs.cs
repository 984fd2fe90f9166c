using System.Text.Json;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary><c>start --check</c>: a run the agent reports as a success counts only when the user's check passes;
/// a failing check resumes the same conversation with the check's output.</summary>
public sealed class CheckSpecs
{
    [Fact(Timeout = 90_000)]
    public async Task A_failing_check_resumes_the_same_session_with_its_output_and_a_passing_one_succeeds()
    {
        await using var s = new Sandbox();
        var marker = Path.Combine(s.Dir, "checked-once");
        var check = $"if [ -e '{marker}' ]; then echo all 12 tests pass; exit 0; fi; touch '{marker}'; echo 'FAIL test_parser: expected 3, got 4' >&2; exit 1";
        await s.Start("gated", "ok,ok", "codex", "--check", check);
        var t = await s.WaitFinal("gated");
        t.State().ShouldBe("succeeded", t.ToString());
        var h = t.History();
        h.Count.ShouldBe(2);
        h[0].Outcome().ShouldBe("retryable");
        h[0].GetProperty("detail").GetString().ShouldBe("the check failed (exit 1)");
        h[1].Kind().ShouldBe("resume");
        h[1].GetProperty("agentSessionId").GetString().ShouldBe(t.SessionId());
        h[1].Outcome().ShouldBe("succeeded");
        var prompt = File.ReadAllText(Path.Combine(s.FakeState("gated"), "prompt-2"));
        prompt.ShouldStartWith("Continue the previous task.");
        prompt.ShouldContain("FAIL test_parser: expected 3, got 4");
        var checks = t.GetProperty("checks").EnumerateArray().ToList();
        checks.Count.ShouldBe(2);
        checks[0].GetProperty("passed").GetBoolean().ShouldBeFalse();
        checks[0].GetProperty("exitCode").GetInt32().ShouldBe(1);
        checks[0].GetProperty("output").GetString()!.ShouldContain("FAIL test_parser");
        checks[1].GetProperty("passed").GetBoolean().ShouldBeTrue();
        checks[1].GetProperty("attempt").GetInt32().ShouldBe(2);
        var text = await s.Shepherd("status", "gated");
        text.Stdout.ShouldContain("checks:");
        text.Stdout.ShouldContain("FAIL test_parser");
    }

    [Fact(Timeout = 90_000)]
    public async Task A_check_that_never_passes_spends_the_restart_budget_and_fails_the_task()
    {
        await using var s = new Sandbox();
        await s.Start("never", "ok", "codex", "--check", "echo still broken; exit 3", "--max-restarts", "1");
        var t = await s.WaitFinal("never");
        t.State().ShouldBe("failed");
        t.Reason()!.ShouldContain("restart budget spent");
        t.GetProperty("checks").GetArrayLength().ShouldBe(2);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_check_runs_in_the_project_directory_with_the_tasks_environment_and_is_stopped_by_its_timeout()
    {
        await using var s = new Sandbox();
        var where = Path.Combine(s.Dir, "where");
        await s.ShepherdWith(new Dictionary<string, string?> { ["FAKE_AGENT_PLAN"] = "ok", ["FAKE_AGENT_STATE"] = s.FakeState("slowcheck"), ["MY_TOKEN"] = "t0k" },
            null, "start", "slowcheck", "--agent", "codex", "--dir", s.Project, "--prompt", "x", "--backoff", "200ms", "--max-restarts", "0",
            "--check", $"echo \"$PWD $MY_TOKEN\" > '{where}'; sleep 30", "--check-timeout", "1s");
        var t = await s.WaitFinal("slowcheck");
        t.State().ShouldBe("failed");
        File.ReadAllText(where).Trim().ShouldBe($"{s.Project} t0k");
        var check = t.GetProperty("checks").EnumerateArray().ShouldHaveSingleItem();
        check.GetProperty("timedOut").GetBoolean().ShouldBeTrue();
        t.History()[0].GetProperty("detail").GetString().ShouldBe("the check failed (timed out)");
    }

    [Fact(Timeout = 60_000)]
    public async Task An_empty_check_is_refused_before_anything_is_created()
    {
        await using var s = new Sandbox();
        var r = await s.StartRaw("empty", "ok", "codex", "--check", " ");
        r.ExitCode.ShouldBe(2);
        r.Stderr.Trim().Split('\n').ShouldHaveSingleItem();
        (await s.Shepherd("list", "--json")).Stdout.Trim().ShouldBe("[]");
    }
}
