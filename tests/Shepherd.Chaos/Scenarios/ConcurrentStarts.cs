using System.Text.Json;
using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>50 <c>start</c>s of one name at the same instant, three times: exactly one wins and its task runs once to
/// success; the 49 others get "already exists" with exit 2; one row, one tmux session, one agent.</summary>
public sealed class ConcurrentStarts : IScenario
{
    public string Name => "50 concurrent start of one name";

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name);
        await using var w = new World("starts");
        w.Daemon.Start();
        for (var round = 0; round < 3; round++)
        {
            var name = $"same{round}";
            var results = await StartingLine.RunAsync(w, Enumerable.Range(0, 50)
                .Select(_ => (w.StartArgs(name, "codex", "--json"), (IReadOnlyDictionary<string, string?>?)w.AgentEnv(name, "sleep:1"))).ToList());
            t.Runs++;
            t.Task();
            for (var i = 1; i < results.Length; i++) t.Fault();
            var winners = results.Count(r => r.Ok);
            if (winners != 1) t.Add(winners == 0 ? Breach.Lost : Breach.Duplicated, $"{name}: {winners} of 50 starts succeeded");
            foreach (var r in results.Where(r => !r.Ok && !(r.ExitCode == 2 && r.Stderr.Contains("already exists"))))
                t.Add(Breach.Other, $"{name}: a losing start did not say 'already exists' with exit 2: {r.OneLine}");
            ScenarioChecks.ClearErrors(t, name, results);
            var list = await w.Shepherd("list", "--all", "--json");
            var rows = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Count(e => e.GetProperty("name").GetString() == name);
            if (rows != 1) t.Add(Breach.Duplicated, $"{name}: {rows} rows in list --all");
            var final = await w.WaitFinalAsync(name, TimeSpan.FromSeconds(90));
            if (final.State() != "succeeded") t.Add(Breach.Lost, $"{name}: ended {final.State() ?? "nowhere"}, not succeeded");
            var launches = new AgentJournal(w.FakeState(name)).Launches.Count;
            if (launches != 1) t.Add(launches == 0 ? Breach.Lost : Breach.Duplicated, $"{name}: the agent was launched {launches} times");
            ScenarioChecks.NoOverlaps(t, w.FakeState(name));
            var id = w.TaskId(name);
            var rm = await w.Shepherd("rm", name);
            if (!rm.Ok) t.Add(Breach.Lost, $"{name}: rm failed: {rm.OneLine}");
            await ScenarioChecks.Gone(t, w, name, "codex", w.FakeState(name), id);
            output.WriteLine($"  {name}: {winners} winner, {results.Count(r => r.ExitCode == 2)} refused, {launches} launch(es)");
        }
        ScenarioChecks.Integrity(t, w);
        await ScenarioChecks.NothingOutlives(t, w);
        return t;
    }
}
