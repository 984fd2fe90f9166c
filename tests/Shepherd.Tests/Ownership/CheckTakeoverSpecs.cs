using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Ownership;

/// <summary>A runner lost while the task is <c>checking</c>: the takeover ends the check it left (it carries the
/// attempt's marker) before the new runner runs the check again, so two checks never run at once.</summary>
public sealed class CheckTakeoverSpecs
{
    [Fact(Timeout = 90_000)]
    public async Task A_runner_lost_during_the_check_leaves_no_check_running_beside_the_new_one()
    {
        await using var s = new Sandbox();
        var pids = Path.Combine(s.Dir, "check-pids");
        var overlap = Path.Combine(s.Dir, "overlap");
        // Each run of the check notes its pid, and notes an overlap when an earlier run is still alive (a zombie is not).
        var check = $"for p in $(cat '{pids}' 2>/dev/null); do grep -qv ') Z' /proc/$p/stat 2>/dev/null && echo $p >> '{overlap}'; done; " +
                    $"echo $$ >> '{pids}'; n=$(wc -l < '{pids}'); if [ $n -ge 2 ]; then exit 0; fi; sleep 20";
        await s.Start("chk", "ok", "codex", "--check", check);
        await s.WaitFor("chk", t => t.State() == "checking", what: "checking");
        await Sandbox.Until(() => File.Exists(pids), TimeSpan.FromSeconds(10), "the check to start");
        var first = int.Parse(File.ReadAllLines(pids)[0]);
        Native.Kill(Runners.Of(s).ShouldHaveSingleItem()).ShouldBeTrue();
        await Sandbox.Until(() => Runners.AllGone(s), TimeSpan.FromSeconds(10), "the runner to die");
        (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
        var t = await s.WaitFinal("chk", TimeSpan.FromSeconds(30));
        t.State().ShouldBe("succeeded", t.ToString());
        File.Exists(overlap).ShouldBeFalse($"two checks ran at once: {(File.Exists(overlap) ? File.ReadAllText(overlap) : "")}");
        (Shepherd.Platform.ProcStat.Read(first) is { IsDead: false }).ShouldBeFalse("the lost runner's check is still running");
    }
}
