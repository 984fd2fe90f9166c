using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;
using Shouldly;

namespace Shepherd.Chaos.Specs;

/// <summary>Found by the chaos harness (seed 9 of the fast profile: "after rm, tmux session opencode-c3 is still
/// there"): recovery decides to relaunch a runner while holding the task's lock, then lets the lock go and creates the
/// tmux session (src/Shepherd.Core/Supervisor/Recovery.cs:94-99, RunnerLauncher.EnsureRunner). An rm that takes the lock
/// in between kills the session (none yet, after a lost tmux server), deletes the task and its files — and then recovery
/// creates the session: a tmux session of a removed task, whose runner finds no task, stays behind. Fixed: every runner launch (recovery, resume, a command finishing a task) holds the task's launch lock from its decision to the end of the launch, and rm holds it from killing the session to deleting the task (Supervisor/LaunchGuard.cs).</summary>
public sealed class RemovalRecoveryRaceSpecs(ITestOutputHelper output)
{
    [Fact(Timeout = 300_000)]
    public async Task No_tmux_session_outlives_an_rm_that_races_recovery()
    {
        await using var w = new World("rm-recover");
        var left = new List<string>();
        for (var round = 0; round < 8 && left.Count == 0; round++)
        {
            var name = $"lost{round}";
            await w.StartAsync(name, "sleep:30");
            await w.WaitForAsync(name, s => s.State() == "running");
            var id = w.TaskId(name)!.Value;
            await w.Tmux("kill-server"); // the runner and its session are lost: recovery recreates the session
            await Deadline.Until(() => RemovalCheck.Runners(w, id).Count == 0, TimeSpan.FromSeconds(10));
            var commands = new List<(string[], IReadOnlyDictionary<string, string?>?)> { (["rm", name], null) };
            commands.AddRange(Enumerable.Range(0, 6).Select(_ => ((string[])["recover"], (IReadOnlyDictionary<string, string?>?)null)));
            var results = await StartingLine.RunAsync(w, commands);
            results[0].ExitCode.ShouldBe(0, results[0].ToString());
            output.WriteLine(string.Join(" | ", results.Select(r => r.Stdout.Trim() + r.Stderr.Trim())));
            // Every recover has exited, so every session it was going to create exists by now.
            if ((await w.Tmux("has-session", "-t", $"=codex-{name}")).Ok) left.Add($"codex-{name}");
        }
        left.ShouldBeEmpty();
    }
}
