using Shepherd.Platform;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary>An agent that prints a lot writes its stdout straight into the task's log (no pipe through the runner):
/// its events are still read, the log's disk use stays bounded by freeing its start, and <c>logs</c> skips what was
/// freed instead of printing zeros.</summary>
public sealed class BigOutputSpecs
{
    [Fact(Timeout = 120_000)]
    public async Task An_agent_printing_200_MB_is_read_to_its_last_event_and_its_log_keeps_only_the_end_on_disk()
    {
        await using var s = new Sandbox();
        await s.Start("big", "bulk:200000000");
        var final = await s.WaitFinal("big", TimeSpan.FromSeconds(90));
        final.GetProperty("state").GetString().ShouldBe("succeeded", final.ToString());
        final.GetProperty("agentSessionId").GetString().ShouldNotBeNullOrEmpty(); // read from the agent's first event
        await s.FinishedUp("big");
        var log = Path.Combine(s.Home, "tasks", "big", "output.log");
        new FileInfo(log).Length.ShouldBeGreaterThan(200_000_000);
        var stat = await Processes.RunAsync(["stat", "-c", "%b %B", log], s.Env);
        var parts = stat.Stdout.Split(' ');
        var onDisk = long.Parse(parts[0]) * long.Parse(parts[1]);
        onDisk.ShouldBeLessThanOrEqualTo(2 * 64L * 1024 * 1024 + 1024 * 1024, "the log's start should have been freed");
        File.Exists(log + ".1").ShouldBeFalse();
        var tail = await s.Shepherd("logs", "big", "--tail", "20");
        tail.Stdout.ShouldContain("__TASK_DONE__ succeeded");
        tail.Stdout.ShouldContain("turn.completed");
        (await s.Shepherd("status", "big")).Stdout.ShouldContain("— turn finished"); // the transcript reads the end too
    }

    [Fact(Timeout = 60_000)]
    public async Task Logs_start_at_the_first_whole_line_after_the_freed_start_and_say_how_much_is_gone()
    {
        await using var s = new Sandbox();
        await s.Start("freed", "ok");
        await s.WaitFinal("freed");
        await s.FinishedUp("freed");
        var log = Path.Combine(s.Home, "tasks", "freed", "output.log");
        using (var f = new FileStream(log, FileMode.Append, FileAccess.Write))
            for (var i = 0; i < 10_000; i++) f.Write(System.Text.Encoding.ASCII.GetBytes($"line {i:D5} {new string('z', 88)}\n"));
        using (var f = new FileStream(log, FileMode.Open, FileAccess.ReadWrite))
            Holes.Punch((int)f.SafeFileHandle.DangerousGetHandle(), 0, 160 * Holes.Block).ShouldBeTrue();

        var r = await s.Shepherd("logs", "freed");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldNotContain("\0");
        r.Stdout.ShouldStartWith("line ");
        r.Stdout.ShouldEndWith($"line 09999 {new string('z', 88)}\n");
        r.Stderr.ShouldContain("of this log are no longer kept");
        var plain = await s.Shepherd("logs", "freed", "--plain");
        plain.Stdout.ShouldBe(r.Stdout);
    }
}
