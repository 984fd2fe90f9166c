using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>Issue 17, item 7: a runner lost while its task runs <c>--check</c> (a check of 5 s that notes every run of
/// itself and any other run alive beside it, by a flock), on 4 tasks, one of each CLI: SIGKILL to the runner once the
/// check began — two taken over by the daemon, two with the daemon down and <c>shepherd recover</c> run by hand. The
/// takeover ends the lost runner's check before the check runs again: never two checks at once, the first one gone,
/// and every task succeeds.</summary>
public sealed class RunnerLostWhileChecking : IScenario
{
    private static readonly string[] Agents = ["codex", "claude", "opencode", "pi"];

    public string Name => "runner lost during --check";

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name) { Runs = 1 };
        await using var s = new ScenarioWorld("check", t, 4);
        var lives = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => s.StartAsync(i, Agents[i], "sleep:1", checkSeconds: 5)));
        var firsts = await Task.WhenAll(lives.Select(l => KillWhileCheckingAsync(s, l)));
        await s.World.Daemon.KillAsync();
        t.Fault();
        var more = await Task.WhenAll(Enumerable.Range(2, 2).Select(i => s.StartAsync(i, Agents[i], "sleep:1", checkSeconds: 5)));
        firsts = [.. firsts, .. await Task.WhenAll(more.Select(l => KillWhileCheckingAsync(s, l)))];
        lives = [.. lives, .. more];
        var recover = await s.World.Shepherd("recover");
        s.Expect(recover.Ok, Breach.Other, $"recover failed: {recover.OneLine}");
        s.World.Daemon.Start();
        foreach (var (life, first) in lives.Zip(firsts))
        {
            s.Expect(await s.UntilAsync(life, st => st.GetProperty("state").GetString() is "succeeded" or "failed" or "stopped", TimeSpan.FromSeconds(60)),
                Breach.Lost, $"{life.Name}: never final after its runner was lost during the check");
            s.Expect(first == 0 || ProcTable.Read(first) is not { IsAlive: true }, Breach.Escaped,
                $"{life.Name}: the lost runner's check (pid {first}) is still running");
            var runs = File.Exists(life.ChecksFile) ? File.ReadAllLines(life.ChecksFile).Length : 0;
            s.Expect(runs >= 2, Breach.Lost, $"{life.Name}: the check ran {runs} time(s); the new runner should have run it again");
        }
        await s.JudgeAsync();
        output.WriteLine($"  checks run: {string.Join(", ", lives.Select(l => $"{l.Name} ({l.Agent}) {(File.Exists(l.ChecksFile) ? File.ReadAllLines(l.ChecksFile).Length : 0)}"))}");
        return t;
    }

    /// <summary>Once the check runs (it noted its pid), SIGKILL to the runner; the check's pid.</summary>
    private static async Task<int> KillWhileCheckingAsync(ScenarioWorld s, Incarnation life)
    {
        if (!await Deadline.Until(() => File.Exists(life.ChecksFile) && File.ReadAllText(life.ChecksFile).Trim().Length > 0, TimeSpan.FromSeconds(60), pollMs: 50))
        {
            s.Tally.Add(Breach.Lost, $"{life.Name}: its check never began");
            return 0;
        }
        var status = await s.World.StatusAsync(life.Name);
        s.Expect(status.State() == "checking", Breach.Other, $"{life.Name}: running its check, yet {status.State()}");
        s.Expect(s.KillRunner(life, "while checking") > 0, Breach.Other, $"{life.Name}: no runner to kill while checking");
        return int.Parse(File.ReadAllLines(life.ChecksFile)[0].Trim());
    }
}
