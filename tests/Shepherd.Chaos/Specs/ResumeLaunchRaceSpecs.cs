using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;
using Shouldly;

namespace Shepherd.Chaos.Specs;

/// <summary>Found by the chaos harness (seeds 2, 4, 5, 8 and 9 of the fast profile): <c>resume</c> carries its intent
/// out itself when no runner holds the lock, then launches a runner; when the tmux session is gone, recovery (or another
/// command) creating it at the same moment makes tmux answer "duplicate session", and resume exits 1 although the task
/// was reopened and runs. RunnerLauncher.EnsureRunner (src/Shepherd.Core/Supervisor/RunnerLauncher.cs:42) takes that
/// answer as a failure instead of "someone else just started it". The same exit 1 follows "tmux did not answer" when the
/// server dies during the launch (seeds 2 and 8): the resume is recorded and the daemon starts the runner, but the user
/// is told it failed. Fixed: resume launches under the task's launch lock (Supervisor/LaunchGuard.cs): a runner alive or launched moments ago is left alone, and a launch tmux cannot carry out now is retried, then left to the daemon with exit 0 (the resume is recorded).</summary>
public sealed class ResumeLaunchRaceSpecs
{
    [Fact(Timeout = 180_000)]
    public async Task Resumes_racing_each_other_to_recreate_a_lost_tmux_session_all_exit_0()
    {
        await using var w = new World("resume-race");
        await w.StartAsync("race", "sleep:1");
        (await w.WaitFinalAsync("race")).State().ShouldBe("succeeded");
        var failures = new List<string>();
        for (var round = 0; round < 5; round++)
        {
            await w.Tmux("kill-server"); // the final task's session (its dead pane) is gone, as after a reboot
            var resumes = Enumerable.Range(0, 6).Select(i => w.Shepherd("resume", "race", "--prompt", $"follow-up {round}.{i}")).ToList();
            foreach (var r in await Task.WhenAll(resumes))
                if (!r.Ok) failures.Add(r.OneLine);
            (await w.WaitFinalAsync("race", TimeSpan.FromSeconds(90))).State().ShouldBe("succeeded");
        }
        failures.ShouldBeEmpty();
    }
}
