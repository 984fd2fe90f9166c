using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Engines;

/// <summary><c>shepherd run</c>: the runner in the foreground with no tmux, as Kubernetes or Slurm run it — the exit codes an
/// engine acts on, the same command creating, continuing and reporting a task, SIGTERM as the platform's, and the lease that
/// lets one run at a time drive a task.</summary>
public sealed class ForegroundRunSpecs
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static Dictionary<string, string?> Plan(Sandbox s, string name, string plan) =>
        new() { ["FAKE_AGENT_PLAN"] = plan, ["FAKE_AGENT_STATE"] = s.FakeState(name) };

    private static Foreground Run(Sandbox s, string name, string plan, string? stdin, params string[] more) =>
        Foreground.Start(s, Plan(s, name, plan), stdin, ["run", name, .. more]);

    /// <summary>Waits for the run to have created the task (its files are moved into place after its row is stored), then
    /// for its agent at work.</summary>
    private static async Task<System.Text.Json.JsonElement> AtWork(Sandbox s, string name)
    {
        await Sandbox.Until(() => File.Exists(Path.Combine(s.Home, "tasks", name, "prompt")), Deadline, $"shepherd run to create {name}");
        return await s.WaitAtWork(name);
    }

    private static string[] Create(Sandbox s, string name) => ["--agent", "codex", "--dir", s.Project, "--prompt", $"task {name}", "--backoff", "200ms"];

    [Fact(Timeout = 60_000)]
    public async Task A_new_task_is_created_and_run_in_the_foreground_the_agent_on_stdout_shepherd_on_stderr_and_exits_0()
    {
        await using var s = new Sandbox();
        using var run = Run(s, "fg", "ok", "the prompt from stdin", "--agent", "codex", "--dir", s.Project);
        (await run.Exit(Deadline)).ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("turn.completed");
        run.Stdout.ShouldNotContain("[shepherd]");
        run.Stderr.ShouldContain("[shepherd] attempt 1: starting codex");
        run.Stderr.ShouldContain("__TASK_DONE__ succeeded");
        var t = await s.Status("fg");
        t.State().ShouldBe("succeeded");
        t.GetProperty("engine").GetString().ShouldBe("run");
        var listed = (await s.Shepherd("list")).Stdout;
        listed.Split('\n').ShouldContain(l => l.StartsWith("fg ") && l.Contains(" codex@run "), listed);
        s.Calls("fg").Count.ShouldBe(1);
        File.ReadAllText(Path.Combine(s.Home, "tasks", "fg", "prompt")).ShouldBe("the prompt from stdin");
        (await s.Tmux("list-sessions")).ExitCode.ShouldNotBe(0, "no tmux server was started");
    }

    [Fact(Timeout = 60_000)]
    public async Task Running_a_finished_task_again_launches_nothing_and_exits_with_its_result()
    {
        await using var s = new Sandbox();
        using (var first = Run(s, "again", "ok", null, Create(s, "again"))) (await first.Exit(Deadline)).ShouldBe(0, first.ToString());
        using var second = Run(s, "again", "ok", null, Create(s, "again"));
        (await second.Exit(Deadline)).ShouldBe(0, second.ToString());
        second.Stderr.ShouldContain("already succeeded");
        s.Calls("again").Count.ShouldBe(1);
        using var failed = Run(s, "broken", "auth", null, Create(s, "broken"));
        (await failed.Exit(Deadline)).ShouldBe(1, failed.ToString());
        using var rerun = Run(s, "broken", "ok", null);
        (await rerun.Exit(Deadline)).ShouldBe(1, rerun.ToString());
        s.Calls("broken").Count.ShouldBe(1);
    }

    [Fact(Timeout = 60_000)]
    public async Task Options_that_contradict_the_stored_task_exit_2_with_one_line()
    {
        await using var s = new Sandbox();
        using (var first = Run(s, "same", "ok", null, Create(s, "same"))) (await first.Exit(Deadline)).ShouldBe(0, first.ToString());
        var r = await s.ShepherdWith(Plan(s, "same", "ok"), null, "run", "same", "--agent", "claude", "--prompt", "another");
        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stderr.Trim().Split('\n').Length.ShouldBe(1);
        r.Stderr.ShouldContain("--agent 'claude' but the task has 'codex'");
        r.Stderr.ShouldContain("the prompt differs");
        var none = await s.ShepherdWith(Plan(s, "nothing", "ok"), null, "run", "nothing");
        none.ExitCode.ShouldBe(2, none.ToString());
        none.Stderr.ShouldContain("--agent is required");
    }

    [Fact(Timeout = 90_000)]
    public async Task SIGTERM_mid_turn_exits_75_as_interrupted_by_the_platform_and_the_next_run_resumes_the_same_session()
    {
        await using var s = new Sandbox();
        using var run = Run(s, "term", "sleep:30,ok", null, Create(s, "term"));
        var working = await AtWork(s, "term");
        var id = working.SessionId();
        run.Signal(15);
        (await run.Exit(Deadline)).ShouldBe(75, run.ToString());
        var after = await s.Status("term");
        after.State().ShouldBe("backoff");
        after.History()[0].GetProperty("detail").GetString()!.ShouldContain("interrupted by the platform (SIGTERM)");
        after.GetProperty("stopRequested").GetBoolean().ShouldBeFalse();
        using var again = Run(s, "term", "sleep:30,ok", null);
        (await again.Exit(Deadline)).ShouldBe(0, again.ToString());
        var t = await s.Status("term");
        t.State().ShouldBe("succeeded");
        t.History()[1].Kind().ShouldBe("resume");
        t.SessionId().ShouldBe(id);
        s.Calls("term")[1].GetProperty("session").GetString().ShouldBe(id);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_second_run_while_the_first_holds_the_task_exits_75_and_launches_nothing()
    {
        await using var s = new Sandbox();
        using var first = Run(s, "one", "sleep:30,ok", null, Create(s, "one"));
        await AtWork(s, "one");
        using var second = Run(s, "one", "ok", null);
        (await second.Exit(Deadline)).ShouldBe(75, second.ToString());
        s.Calls("one").Count.ShouldBe(1);
        (await s.Status("one")).IsRunning().ShouldBeTrue();
        first.Signal(15);
        (await first.Exit(Deadline)).ShouldBe(75, first.ToString());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_run_whose_lease_another_run_took_over_ends_its_agent_and_exits_75()
    {
        await using var s = new Sandbox();
        using var run = Run(s, "fenced", "sleep:30,ok", null, [.. Create(s, "fenced"), "--lease-ttl", "3s"]);
        var working = await AtWork(s, "fenced");
        var agent = working.History()[0].Pid()!.Value;
        (await s.Status("fenced")).GetProperty("leaseHolder").GetString()!.ShouldContain($" {run.Pid} ");
        // Another machine's run took the task (its lease lapsed there, say): this one must stop driving the conversation.
        Database.Execute(s, $"UPDATE tasks SET lease_holder = 'elsewhere 00000000-0000-0000-0000-000000000000 4242 1', " +
                            $"lease_until = '{DateTimeOffset.UtcNow.AddMinutes(5):O}' WHERE name = 'fenced'");
        (await run.Exit(Deadline)).ShouldBe(75, run.ToString());
        run.Stderr.ShouldContain("taken over by another run");
        Native.GroupExists(agent).ShouldBeFalse("the agent was ended");
        (await s.Status("fenced")).GetProperty("leaseHolder").GetString()!.ShouldStartWith("elsewhere ");
    }
}
