using System.Text.Json;
using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>50 stop / resume --prompt / rm at the same instant on one running task, the daemon up. Without rm: the task
/// stays whole (no two agents, every attempt ended) and a last stop leaves it stopped for good. With rm among them: once
/// an rm says "removed", the task is gone with its files, session and processes, and the name can be used again. Every
/// refused command says why in one line.</summary>
public sealed class ConcurrentIntents : IScenario
{
    private static readonly string[] Agents = ["codex", "claude", "opencode", "pi"];
    /// <summary>What a command that lost the race to rm says instead of "removed" (a known bug, see KnownBugs/).</summary>
    private static readonly string[] Unclear = ["database error", "cannot open lock"];

    public string Name => "50 concurrent stop/resume/rm on one task";

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name);
        await using var w = new World("intents");
        w.Daemon.Start();
        for (var round = 0; round < 4; round++)
        {
            var withRm = round % 2 == 1;
            var name = $"busy{round}";
            var rnd = new Random(round);
            t.Seeds.Add(round);
            await w.StartAsync(name, "sleep:2", Agents[round]);
            var agent = (await w.StatusAsync(name))?.GetProperty("agent").GetString() ?? "codex";
            await w.WaitForAsync(name, s => s.State() == "running", TimeSpan.FromSeconds(60));
            var id = w.TaskId(name);
            var commands = Enumerable.Range(0, 50).Select(i => rnd.Next(withRm ? 3 : 2) switch
            {
                0 => new[] { "stop", name },
                1 => ["resume", name, "--prompt", $"follow-up {i}"],
                _ => ["rm", name],
            }).Select(a => (a, (IReadOnlyDictionary<string, string?>?)null)).ToList();
            var results = await StartingLine.RunAsync(w, commands);
            t.Runs++;
            t.Task();
            for (var i = 0; i < results.Length; i++) t.Fault();
            ScenarioChecks.ClearErrors(t, name, results);
            foreach (var (r, i) in results.Select((r, i) => (r, i)).Where(x => !x.r.Ok && commands[x.i].a[0] == "resume" && x.r.Stderr.Contains("duplicate session")))
                t.Add(Breach.Other, $"{name}: resume #{i} was carried out but exited 1: {r.OneLine}");
            foreach (var r in results.Where(r => Unclear.Any(r.Stderr.Contains)))
                t.Add(Breach.Other, $"{name}: a command that lost the race to rm did not say so: {r.OneLine}");
            var removed = results.Where((r, i) => commands[i].a[0] == "rm" && r.Ok).Any();
            if (withRm)
            {
                if (!removed) t.Add(Breach.Lost, $"{name}: none of the rm calls removed the task");
                else await ScenarioChecks.Gone(t, w, name, agent, w.FakeState(name), id);
                if (removed && !(await w.ShepherdWith(w.AgentEnv(name + "-again", "ok"), null, w.StartArgs(name, "codex"))).Ok)
                    t.Add(Breach.Lost, $"{name}: the name cannot be used again after rm");
            }
            else await SettlesStopped(t, w, name);
            ScenarioChecks.NoOverlaps(t, w.FakeState(name));
            output.WriteLine($"  {name} ({agent}{(withRm ? ", with rm" : "")}): {results.Count(r => r.Ok)} ok, " +
                             $"{string.Join(", ", results.Where(r => !r.Ok).GroupBy(r => r.Stderr.Trim()).Select(g => $"{g.Count()}× {g.Key}"))}");
        }
        ScenarioChecks.Integrity(t, w);
        await ScenarioChecks.NothingOutlives(t, w);
        return t;
    }

    /// <summary>After the storm: a last stop leaves the task stopped (or final already), every attempt ended, and it stays so.</summary>
    private static async Task SettlesStopped(Tally t, World w, string name)
    {
        var stop = await w.Shepherd("stop", name, "--json");
        var state = stop.Ok ? CommandRunner.StateOf(stop.Stdout) : null;
        if (state is not ("stopped" or "succeeded" or "failed"))
        {
            t.Add(Breach.Lost, $"{name}: a last stop did not leave it final: {stop.OneLine}");
            return;
        }
        var changed = await Deadline.UntilAsync(async () => (await w.StatusAsync(name)).State() != state, TimeSpan.FromSeconds(5), pollMs: 250);
        if (changed) t.Add(Breach.Lost, $"{name}: was {state} after the last stop, then changed by itself");
        var status = await w.StatusAsync(name);
        foreach (var a in status?.GetProperty("history").EnumerateArray() ?? default)
            if (a.GetProperty("endedAt").ValueKind == JsonValueKind.Null)
                t.Add(Breach.Lost, $"{name}: attempt {a.GetProperty("number")} has no end though the task is {state}");
    }
}
