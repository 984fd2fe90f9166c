using System.Diagnostics;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Ownership;

/// <summary>No wait of the runner outlasts a signal: SIGHUP (tmux closing the pane) ends the runner at once during
/// OpenCode's session lookup, while it ends what a lost runner left, and while a notifier hangs.</summary>
public sealed class SignalEndsEveryWaitSpecs
{
    // The runner ends in ~15 ms (measured with a 1 ms poll); the bound leaves room for a loaded CI machine.
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(500);

    private static async Task<TimeSpan> HangUp(int runner)
    {
        var clock = Stopwatch.StartNew();
        Native.Kill(runner, 1).ShouldBeTrue();
        while (Shepherd.Platform.ProcStat.Read(runner) is { IsDead: false })
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("the runner did not end after SIGHUP");
            await Task.Delay(2);
        }
        return clock.Elapsed;
    }

    [Fact(Timeout = 90_000)]
    public async Task During_the_session_lookup()
    {
        await using var s = new Sandbox();
        s.Env["FAKE_AGENT_SESSION_LIST"] = "hang:20";
        await s.Start("look", "noid-exit:1,ok", "opencode");
        var marker = Path.Combine(s.FakeState("look"), "session-list-started");
        await Sandbox.Until(() => File.Exists(marker), TimeSpan.FromSeconds(30), "the session lookup");
        (await HangUp(Runners.Of(s).ShouldHaveSingleItem())).ShouldBeLessThan(Bound);
    }

    [Fact(Timeout = 90_000)]
    public async Task While_ending_what_a_lost_runner_left()
    {
        await using var s = new Sandbox();
        await s.Start("left", "stubborn,ok");
        var running = await s.WaitAtWork("left");
        var agent = running.History()[0].Pid()!.Value;
        var id = await Runners.TaskId(s, "codex-left");
        Native.Kill(Runners.Of(s).ShouldHaveSingleItem()).ShouldBeTrue();
        await Sandbox.Until(() => Runners.AllGone(s), TimeSpan.FromSeconds(10), "the runner to die");
        // A runner started for the task finds the lost attempt's agent (it ignores SIGTERM) and ends it itself.
        var psi = new ProcessStartInfo(Repo.ShepherdBin) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in new[] { "__run", "--home", s.Home, id.ToString() }) psi.ArgumentList.Add(a);
        foreach (var (k, v) in s.Env) { if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v; }
        using var runner = Process.Start(psi)!;
        _ = runner.StandardOutput.ReadToEndAsync();
        await Sandbox.Until(() => File.Exists(Path.Combine(s.Home, "tasks", "left", "runner.lock")) &&
            Shepherd.Platform.FileLock.IsHeld(Path.Combine(s.Home, "tasks", "left", "runner.lock")), TimeSpan.FromSeconds(10), "the runner to take the task");
        Native.GroupExists(agent).ShouldBeTrue("the stubborn agent should still be in its grace");
        (await HangUp(runner.Id)).ShouldBeLessThan(Bound);
    }

    [Fact(Timeout = 90_000)]
    public async Task While_a_notifier_hangs()
    {
        await using var s = new Sandbox();
        var started = Path.Combine(s.Dir, "notifier-started");
        var notify = s.Script("slow-notify.sh", $"echo $$ > '{started}'; exec sleep 60");
        await s.Start("slow", "ok", "codex", "--notify", "cmd:" + notify);
        await Sandbox.Until(() => File.Exists(started), TimeSpan.FromSeconds(30), "the notifier to start");
        (await HangUp(Runners.Of(s).ShouldHaveSingleItem())).ShouldBeLessThan(Bound);
        Native.Kill(int.Parse(File.ReadAllText(started).Trim()));
    }
}
