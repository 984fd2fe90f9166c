using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Ownership;

/// <summary>An orchestrating agent starts tasks of its own. The attempt's marker (<c>SHEPHERD_ATTEMPT</c>) stays with
/// the attempt's processes: the inner task, the daemon its start launched and the inner runner never carry it, so a
/// takeover of the outer attempt leaves them alone.</summary>
public sealed class NestedTaskSpecs
{
    [Fact(Timeout = 120_000)]
    public async Task A_task_whose_agent_starts_another_task_does_not_hand_it_its_marker()
    {
        await using var s = new Sandbox();
        var inner = Path.Combine(s.Dir, "inner-started");
        var outer = s.Script("orchestrator", $$"""
            cat > /dev/null
            unset SHEPHERD_NO_AUTO_DAEMON # the inner start launches the daemon, as for a user
            printf '{"type":"thread.started","thread_id":"outer-thread"}\n'
            SHEPHERD_CODEX_BIN='{{Repo.FakeAgentBin}}' FAKE_AGENT_PLAN=sleep:60 FAKE_AGENT_STATE='{{s.FakeState("inner")}}' \
              '{{Repo.ShepherdBin}}' start inner --agent codex --dir '{{s.Project}}' --prompt 'inner work' > '{{inner}}' 2>&1
            exec sleep 60
            """);
        s.Env["SHEPHERD_CODEX_BIN"] = outer;
        await s.Start("outer");
        await Sandbox.Until(() => File.Exists(inner) && File.ReadAllText(inner).Contains("inner"), TimeSpan.FromSeconds(30), "the inner start");
        var innerTask = await s.WaitFor("inner", t => t.IsRunning(), what: "the inner task to run");
        var marker = "SHEPHERD_ATTEMPT=";
        File.ReadAllText(Path.Combine(s.Home, "tasks", "inner", "env")).ShouldNotContain(marker);
        // The daemon the inner start launched writes its pid file once it holds its lock: a moment after start returns.
        await Sandbox.Until(() => s.LaunchedDaemon() is not null, TimeSpan.FromSeconds(20), "the daemon the inner start launched");
        var daemon = s.LaunchedDaemon().ShouldNotBeNull("the inner start's daemon ended");
        Environ(daemon).ShouldNotContain(marker);
        var innerId = await Runners.TaskId(s, "codex-inner");
        var innerRunner = Runners.Of(s, innerId).ShouldHaveSingleItem();
        Environ(innerRunner).ShouldNotContain(marker);
        var innerAgent = innerTask.History()[0].Pid()!.Value;

        // The outer attempt is taken over: only its own processes end.
        var outerId = await Runners.TaskId(s, "codex-outer");
        Native.Kill(Runners.Of(s, outerId).ShouldHaveSingleItem()).ShouldBeTrue();
        await s.WaitFor("outer", t => t.History()[0].Outcome() == "lost", TimeSpan.FromSeconds(30), "the daemon's takeover");
        Native.Exists(daemon).ShouldBeTrue("the takeover ended the daemon");
        Native.Exists(innerRunner).ShouldBeTrue("the takeover ended the inner task's runner");
        Native.GroupExists(innerAgent).ShouldBeTrue("the takeover ended the inner task's agent");
        (await s.Status("inner")).State().ShouldBe("running");
    }

    private static string Environ(int pid) => File.ReadAllText($"/proc/{pid}/environ").Replace('\0', '\n');
}
