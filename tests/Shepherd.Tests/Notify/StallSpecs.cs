using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Notify;

/// <summary>An agent with no output, no log growth and no CPU is reported stalled (and notified once);
/// it is ended only when the user configured stall_kill.</summary>
public sealed class StallSpecs
{
    [Fact(Timeout = 60_000)]
    public async Task A_silent_idle_agent_is_reported_and_notified_as_stalled_but_left_running()
    {
        await using var s = new Sandbox();
        File.WriteAllText(s.Env["SHEPHERD_CONFIG"]!, "stall_after = \"1s\"\n");
        var log = Path.Combine(s.Dir, "notified");
        var script = Path.Combine(s.Dir, "notify.sh");
        File.WriteAllText(script, $"#!/bin/sh\necho \"$SHEPHERD_STATE\" >> '{log}'\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await s.Start("quiet", "hang", "codex", "--notify", "cmd:" + script);
        await s.WaitFor("quiet", t => t.IsRunning(), what: "running");
        s.StartDaemon();
        var t = await s.WaitFor("quiet", t => t.GetProperty("stalledSince").ValueKind != System.Text.Json.JsonValueKind.Null,
            TimeSpan.FromSeconds(30), "a stall");
        t.State().ShouldBe("running");
        for (var i = 0; i < 50 && !File.Exists(log); i++) await Task.Delay(100);
        File.ReadAllLines(log).ShouldBe(["stalled"]);
        (await s.Shepherd("list")).Stdout.ShouldContain("stalled");
        (await s.Status("quiet")).Attempts().ShouldBe(1);
    }

    [Fact(Timeout = 60_000)]
    public async Task With_stall_kill_the_stalled_agent_is_ended_and_resumed_by_its_id()
    {
        await using var s = new Sandbox();
        File.WriteAllText(s.Env["SHEPHERD_CONFIG"]!, "stall_after = \"1s\"\nstall_kill = true\n");
        await s.Start("stuck", "hang,ok");
        var running = await s.WaitAtWork("stuck");
        s.StartDaemon();
        var t = await s.WaitFinal("stuck", TimeSpan.FromSeconds(30));
        t.State().ShouldBe("succeeded");
        t.History()[0].Signal().ShouldBe(15);
        t.History()[1].Argv().ShouldContain(running.SessionId()!);
    }
}
