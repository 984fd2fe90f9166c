using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>The database file is damaged under a running task and the daemon — once its header (not a database any
/// more), once pages in its middle (malformed). Every command then fails with one clear line, never a stack trace; the
/// running agent is not blocked (it ends on time); the daemon reports and stays up. Recovery, as docs/reliability.md
/// says: stop the daemon, move shepherd.db (and -wal, -shm) aside, and start the tasks again — their directories (prompt,
/// log) are still there, and `start` of the same name works.</summary>
public sealed class DatabaseCorrupted : IScenario
{
    public string Name => "store: corrupted database file";

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name);
        foreach (var where in new[] { "header", "middle" })
        {
            t.Runs++;
            t.Fault();
            await using var w = new World($"corrupt-{where}");
            w.Daemon.Start();
            for (var i = 0; i < 12; i++) await w.StartAsync($"filler{i}", "ok"); // enough rows for the file to have middle pages
            await w.StartAsync("victim", "sleep:6", "opencode");
            t.Tasks += 13;
            await w.WaitForAsync("victim", s => s.State() == "running");
            Corrupt(Path.Combine(w.Home, "shepherd.db"), where);

            string[][] commands = [["list"], ["list", "--json"], ["status", "victim"], ["stop", "victim"], ["resume", "victim", "--prompt", "x"], ["rm", "filler0"], ["recover"], ["doctor"]];
            var results = new List<CliResult>();
            foreach (var c in commands) results.Add(await w.Shepherd(c));
            results.Add(await w.ShepherdWith(w.AgentEnv("late", "ok"), null, w.StartArgs("late")));
            ScenarioChecks.ClearErrors(t, $"corrupt {where}", results);
            var agentEnded = await Deadline.Until(() => new AgentJournal(w.FakeState("victim")).Ends.Count > 0, TimeSpan.FromSeconds(60));
            if (!agentEnded) t.Add(Breach.Other, $"corrupt {where}: the running agent never ended (blocked?)");
            foreach (var e in w.Daemon.UnexpectedExits) t.Add(Breach.Other, $"corrupt {where}: {e}");

            await w.Daemon.StopAsync();
            foreach (var f in new[] { "shepherd.db", "shepherd.db-wal", "shepherd.db-shm" })
                if (File.Exists(Path.Combine(w.Home, f))) File.Move(Path.Combine(w.Home, f), Path.Combine(w.Home, f + ".broken"));
            await w.Tmux("kill-server");
            var again = await w.ShepherdWith(w.AgentEnv("victim-again", "ok"), null, w.StartArgs("victim", "opencode"));
            var after = again.Ok ? await w.WaitFinalAsync("victim", TimeSpan.FromSeconds(90)) : null;
            if (after.State() != "succeeded") t.Add(Breach.Lost, $"corrupt {where}: after moving the database aside, start of the same name: {again.OneLine}, {after.State()}");
            output.WriteLine($"  corrupt {where}: {string.Join(" | ", results.Select(r => r.OneLine).Distinct())}; recovery: {after.State()}");
            ScenarioChecks.Integrity(t, w);
            await ScenarioChecks.NothingOutlives(t, w);
        }
        return t;
    }

    private static void Corrupt(string db, string where)
    {
        using var f = new FileStream(db, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        var junk = new byte[where == "header" ? 100 : 3 * 4096];
        new Random(7).NextBytes(junk);
        f.Seek(where == "header" ? 0 : Math.Max(4096, f.Length / 2 / 4096 * 4096), SeekOrigin.Begin);
        f.Write(junk);
        f.Flush(flushToDisk: true);
    }
}
