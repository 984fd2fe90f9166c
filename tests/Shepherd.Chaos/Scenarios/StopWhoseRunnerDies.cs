using System.Text.Json;
using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>Issue 17, item 3: a stop whose runner dies before it is finished, on 8 tasks whose agents ignore SIGINT and
/// SIGTERM (two of each CLI). Four: the stop is accepted, then the runner gets SIGKILL — two with the daemon up, two with
/// the daemon killed as well and restarted a second later. Four more: the runner is killed 0–30 ms after the stop is
/// issued, racing the intent. The takeover finishes every stop: the task ends stopped with its agent ended, one attempt,
/// one "stopped" notification, no runner left (none spinning), and it stays stopped.</summary>
public sealed class StopWhoseRunnerDies : IScenario
{
    private static readonly string[] Agents = ["codex", "claude", "opencode", "pi"];

    public string Name => "stop whose runner dies";

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name) { Runs = 1 };
        await using var s = new ScenarioWorld("stopdies", t, 8);
        var lives = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => s.StartAsync(i, Agents[i % 4], "stubborn")));
        foreach (var life in lives)
            s.Expect(await s.AtWorkAsync(life), Breach.Lost, $"{life.Name} ({life.Agent}): never at work");

        // Accepted, then the runner dies: with the daemon up (c0, c1), and with the daemon dead too (c2, c3).
        var accepted = lives.Take(2).Select(l => AcceptedThenKilledAsync(s, l)).ToList();
        await Task.WhenAll(accepted);
        await s.World.Daemon.KillAsync();
        t.Fault();
        await Task.WhenAll(lives.Skip(2).Take(2).Select(l => AcceptedThenKilledAsync(s, l)));
        await Task.Delay(1000); // the daemon stays dead for a second: the fault's length, not a synchronisation
        s.World.Daemon.Start();
        // Racing: the runner killed a few ms after the stop is issued (CommandRunner models the answer).
        await Task.WhenAll(lives.Skip(4).Select((l, i) => s.CommandAsync(l.Slot, StepKind.Stop, killRunnerAfterMs: i * 10)));

        foreach (var life in lives)
        {
            var final = await s.UntilAsync(life, st => st.GetProperty("state").GetString() is "stopped" or "succeeded" or "failed", TimeSpan.FromSeconds(60));
            var status = await s.World.StatusAsync(life.Name);
            s.Expect(final && status.State() == "stopped", Breach.Lost, $"{life.Name} ({life.Agent}): a stop whose runner died left it {status.State() ?? "?"}");
            var launches = new AgentJournal(life.FakeState).Launches.Count;
            s.Expect(launches == 1, Breach.Lost, $"{life.Name}: {launches} launches; a stopped task launches nothing after its stop");
            if (status.State() == "stopped" && life.Expect != Expect.StaysFinal) life.End("stopped (the takeover finished the stop)", Expect.StaysFinal, "stopped");
        }
        await s.JudgeAsync();
        output.WriteLine($"  {string.Join("; ", lives.Select(l => $"{l.Name} ({l.Agent}) {l.Log.LastOrDefault(x => x.Contains("->"))?.Trim()}"))}");
        return t;
    }

    /// <summary>stop; once the runner accepted it (stopRequested), SIGKILL to the runner; the stop's answer is then 0
    /// (stopped) or 1 ("has not finished the stop yet"), and the task must end stopped either way.</summary>
    private static async Task AcceptedThenKilledAsync(ScenarioWorld s, Incarnation life)
    {
        life.Begin("stop; its runner killed once the stop is accepted");
        var stop = await s.World.LaunchAsync(["stop", life.Name, "--json"]);
        var accepted = await s.UntilAsync(life, ScenarioWorld.StopAccepted, TimeSpan.FromSeconds(30));
        s.Expect(accepted, Breach.Other, $"{life.Name}: the stop was never accepted");
        s.Expect(s.KillRunner(life, "once the stop was accepted") > 0, Breach.Other, $"{life.Name}: no runner to kill");
        var r = await s.World.WaitAsync(stop);
        var state = r.Ok ? CommandRunner.StateOf(r.Stdout) : null;
        s.Expect(r.Ok && state == "stopped" || r.ExitCode == 1 && r.Stderr.Contains("has not finished the stop yet"), Breach.Other,
            $"{life.Name}: a stop whose runner died answered {r.OneLine}");
        life.End(state ?? r.OneLine, state == "stopped" ? Expect.StaysFinal : Expect.StopsSoon, state == "stopped" ? "stopped" : null);
    }
}
