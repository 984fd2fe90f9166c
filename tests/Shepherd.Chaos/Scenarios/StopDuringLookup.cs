using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>Issue 17, item 4: OpenCode died before showing its session id, so the runner asks OpenCode's session list,
/// which hangs (FAKE_AGENT_SESSION_LIST=hang:20); a stop arrives during the lookup, on 4 tasks at once. Each stop ends
/// the lookup at once (it answers within 5 s, not after the lookup's 20 s), the task is stopped with its one attempt,
/// no agent is launched after the stop, and the lookup's process is gone.</summary>
public sealed class StopDuringLookup : IScenario
{
    public string Name => "stop during OpenCode's session lookup";

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name) { Runs = 1 };
        await using var s = new ScenarioWorld("lookup", t, 4);
        var env = new Dictionary<string, string?> { ["FAKE_AGENT_SESSION_LIST"] = "hang:20" };
        var lives = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => s.StartAsync(i, "opencode", "noid-exit:1,sleep:30", env: env)));
        var took = await Task.WhenAll(lives.Select(l => StopAsync(s, l)));
        await s.JudgeAsync();
        output.WriteLine($"  stops answered in {string.Join(", ", took.Select(x => $"{x.TotalSeconds:0.0}s"))}");
        return t;
    }

    private static async Task<TimeSpan> StopAsync(ScenarioWorld s, Incarnation life)
    {
        var marker = Path.Combine(life.FakeState, "session-list-started");
        if (!await Deadline.Until(() => File.Exists(marker), TimeSpan.FromSeconds(60), pollMs: 50))
        {
            s.Tally.Add(Breach.Other, $"{life.Name}: the session lookup never began");
            return TimeSpan.Zero;
        }
        var r = await s.CommandAsync(life.Slot, StepKind.Stop);
        s.Tally.Fault();
        s.Expect(r is { Ok: true } && CommandRunner.StateOf(r.Stdout) == "stopped", Breach.Lost, $"{life.Name}: stop during the lookup answered {r?.OneLine}");
        s.Expect(r is not null && r.Took < TimeSpan.FromSeconds(5), Breach.Other,
            $"{life.Name}: stop during the lookup took {r?.Took.TotalSeconds:0.0}s (it waited for the lookup)");
        var launches = new AgentJournal(life.FakeState).Launches.Count;
        s.Expect(launches == 1, Breach.Lost, $"{life.Name}: {launches} launches; an agent was launched after the stop");
        var lookup = int.TryParse(File.ReadAllText(marker), out var pid) ? pid : 0;
        s.Expect(await Deadline.Until(() => ProcTable.Read(lookup) is not { IsAlive: true, Argv.Count: > 0 } p || Path.GetFileName(p.Argv[0]) != "fake-agent",
            TimeSpan.FromSeconds(5)), Breach.Escaped, $"{life.Name}: the session lookup (pid {lookup}) outlived the stop");
        return r?.Took ?? TimeSpan.Zero;
    }
}
