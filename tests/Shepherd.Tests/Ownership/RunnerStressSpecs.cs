using System.Diagnostics;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Ownership;

/// <summary>The runner under pressure: a storm of signals while the agent floods both streams, and a disk that
/// fills up under the log. It must end the task properly and never block the agent.</summary>
public sealed class RunnerStressSpecs
{
    [Fact(Timeout = 90_000)]
    public async Task A_storm_of_ctrl_c_while_the_agent_floods_both_streams_ends_in_one_clean_stop()
    {
        await using var s = new Sandbox();
        await s.Start("storm", "flood:200000");
        await s.WaitFor("storm", t => t.IsRunning(), what: "the flooding attempt");
        var runner = Runners.Of(s)[0];
        var until = DateTime.UtcNow.AddSeconds(30);
        var final = false;
        while (!final && DateTime.UtcNow < until)
        {
            for (var i = 0; i < 200; i++) Native.Kill(runner, 2); // SIGINT: Ctrl-C in the pane
            await Task.Delay(5);
            final = (await s.Status("storm")).State() is "stopped" or "succeeded" or "failed";
        }
        var t = await s.WaitFinal("storm");
        t.State().ShouldBe("stopped", t.ToString());
        t.History().ShouldAllBe(a => a.GetProperty("endedAt").ValueKind != System.Text.Json.JsonValueKind.Null);
        await Sandbox.Until(() => File.Exists(Path.Combine(s.Home, "tasks", "storm", "done")), TimeSpan.FromSeconds(20), "the done file");
        Database.IntegrityCheck(s).ShouldBe("ok");
        (await s.Tmux("capture-pane", "-p", "-t", "=codex-storm:")).Stdout.ShouldContain("__TASK_DONE__ stopped");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_full_disk_under_the_log_never_blocks_the_agent_and_the_failure_is_shown()
    {
        if (Environment.UserName != "root") Assert.Skip("mounting a small tmpfs needs root");
        await using var s = new Sandbox();
        var mount = Directory.CreateDirectory(Path.Combine(s.Dir, "small")).FullName;
        (await Processes.RunAsync(["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", mount], s.Env)).ExitCode.ShouldBe(0);
        try
        {
            s.Env["SHEPHERD_HOME"] = Path.Combine(mount, "home");
            await s.Start("full", "flood:150000,ok");
            var t = await s.WaitFinal("full", TimeSpan.FromSeconds(60));
            t.State().ShouldBe("succeeded", t.ToString());
            var status = await s.Shepherd("status", "full");
            status.Stdout.ShouldContain("No space left on device");
            File.Delete(Path.Combine(s.Env["SHEPHERD_HOME"]!, "tasks", "full", "output.log")); // what the user does: free space
            Database.IntegrityCheck(s).ShouldBe("ok");
        }
        finally
        {
            await s.Tmux("kill-server");
            await Processes.RunAsync(["umount", "-l", mount], s.Env);
        }
    }
}
