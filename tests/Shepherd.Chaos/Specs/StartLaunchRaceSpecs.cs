using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;
using Shouldly;

namespace Shepherd.Chaos.Specs;

/// <summary>Found by the fast profile (seeds 4 and 6 on the chaos branch: "start of a free name failed: exit 1: shepherd:
/// tmux new-session claude-c3 failed: server exited unexpectedly"): <c>start</c> stores the task, then creates its tmux
/// session once; when the tmux server dies under that call (killed, or exiting as its last session closes), start
/// deletes the task again and exits 1, where a resume in the same spot tries again (Supervisor/LaunchGuard.cs). A user
/// sees a start fail because of a server that was gone a moment later.</summary>
public sealed class StartLaunchRaceSpecs
{
    [Fact(Timeout = 300_000)]
    public async Task A_start_whose_tmux_server_dies_under_it_tries_again_and_exits_0()
    {
        await using var w = new World("start-race");
        var rnd = new Random(17);
        var failures = new List<string>();
        for (var round = 0; round < 30 && failures.Count == 0; round++)
        {
            var name = $"r{round}";
            var start = w.ShepherdWith(w.AgentEnv(name, "ok"), null, w.StartArgs(name));
            var kill = Task.Delay(rnd.Next(0, 40)).ContinueWith(_ => w.Tmux("kill-server")).Unwrap();
            var r = await start;
            await kill;
            if (!r.Ok) failures.Add($"{name}: {r.OneLine}");
            else w.TaskId(name).ShouldNotBeNull($"{name}: start exited 0 but there is no such task");
        }
        failures.ShouldBeEmpty();
    }
}
