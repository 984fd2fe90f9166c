using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>The database file is damaged under a running task and the daemon — once its header (not a database any
/// more), once pages in its middle (malformed). Every command then fails with one clear line, never a stack trace; the
/// running agent is not blocked (it ends on time); the daemon reports and stays up; doctor names the database. Recovery,
/// as docs/reliability.md says: stop the daemon, move shepherd.db (and -wal, -shm) aside, end the old tmux sessions, and
/// start the tasks again — their directories (prompt, log) are still there, and `start` of the same name works.</summary>
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
            if (IntegrityOk(w)) t.Add(Breach.Other, $"corrupt {where}: the damage did not take (integrity_check still ok): the scenario tested nothing");

            string[][] commands = [["list"], ["list", "--json"], ["status", "victim"], ["stop", "victim"], ["resume", "victim", "--prompt", "x"], ["rm", "filler0"], ["recover"]];
            var results = new List<CliResult>();
            foreach (var c in commands) results.Add(await w.Shepherd(c));
            results.Add(await w.ShepherdWith(w.AgentEnv("late", "ok"), null, w.StartArgs("late")));
            ScenarioChecks.ClearErrors(t, $"corrupt {where}", results);
            var doctor = await w.Shepherd("doctor");
            if (doctor.Ok || !doctor.Stdout.Split('\n').Any(l => l.StartsWith("FAIL") && l.Contains("database")))
                t.Add(Breach.Other, $"corrupt {where}: doctor does not point at the database: {doctor.OneLine}");
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

    /// <summary>Garbage over the header or over pages in the middle of the file — and over the whole write-ahead log,
    /// whose pages a checkpoint would otherwise copy back over the damage (or readers would take instead of it).</summary>
    private static void Corrupt(string db, string where)
    {
        var rnd = new Random(7);
        using (var f = new FileStream(db, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            var junk = new byte[where == "header" ? 100 : 3 * 4096];
            rnd.NextBytes(junk);
            f.Seek(where == "header" ? 0 : Math.Max(4096, f.Length / 2 / 4096 * 4096), SeekOrigin.Begin);
            f.Write(junk);
            f.Flush(flushToDisk: true);
        }
        if (!File.Exists(db + "-wal")) return;
        using var wal = new FileStream(db + "-wal", FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        var all = new byte[wal.Length];
        rnd.NextBytes(all);
        wal.Write(all);
        wal.Flush(flushToDisk: true);
    }

    private static bool IntegrityOk(World w)
    {
        try
        {
            using var c = w.OpenDatabase();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA integrity_check";
            return cmd.ExecuteScalar() as string == "ok";
        }
        catch (Microsoft.Data.Sqlite.SqliteException) { return false; }
    }
}
