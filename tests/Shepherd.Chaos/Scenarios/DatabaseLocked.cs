using Microsoft.Data.Sqlite;
using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>Another process holds the database's write lock for 14 s, longer than the 10 s busy timeout, while a task
/// runs and commands arrive. Commands that must write fail with one clear line and leave nothing half-made; reads go on
/// (WAL); the running agent is never blocked (it ends on time); once the lock is gone everything carries on by itself.
/// Recovery: none needed — retry the command.</summary>
public sealed class DatabaseLocked : IScenario
{
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(14);

    public string Name => "store: database locked past the busy timeout";

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name) { Runs = 1 };
        await using var w = new World("locked");
        w.Daemon.Start();
        await w.StartAsync("worker", "sleep:4", "codex");
        await w.StartAsync("idle", "sleep:120", "claude");
        t.Tasks += 3;
        await w.WaitForAsync("worker", s => s.State() == "running");
        await w.WaitForAsync("idle", s => s.State() == "running");

        t.Fault();
        DateTime released;
        List<CliResult> during;
        using (var holder = new SqliteConnection($"Data Source={Path.Combine(w.Home, "shepherd.db")};Pooling=False"))
        {
            holder.Open();
            using (var begin = holder.CreateCommand()) { begin.CommandText = "BEGIN EXCLUSIVE"; begin.ExecuteNonQuery(); }
            var lockedUntil = DateTime.UtcNow + Hold;
            var writes = new[]
            {
                w.ShepherdWith(w.AgentEnv("newcomer", "ok"), null, w.StartArgs("newcomer")),
                w.Shepherd("stop", "idle"),
            };
            var reads = await Task.WhenAll(w.Shepherd("status", "worker"), w.Shepherd("list", "--json"));
            during = [.. await Task.WhenAll(writes), .. reads];
            var left = lockedUntil - DateTime.UtcNow;
            if (left > TimeSpan.Zero) await Task.Delay(left); // the fault lasts its full length
            using (var rollback = holder.CreateCommand()) { rollback.CommandText = "ROLLBACK"; rollback.ExecuteNonQuery(); }
            released = DateTime.UtcNow;
        }
        ScenarioChecks.ClearErrors(t, "a command while the database is locked", during);
        foreach (var r in during.Skip(2).Where(r => !r.Ok)) t.Add(Breach.Other, $"a read failed while another process held the write lock: {r.OneLine}");
        if (during[0].Ok) t.Add(Breach.Other, "start succeeded while the database was locked (it should not have been able to write)");
        else if (Directory.Exists(w.TaskDir("newcomer")) || (await w.Tmux("has-session", "-t", "=codex-newcomer")).Ok)
            t.Add(Breach.Escaped, "the start refused for a locked database left a directory or a tmux session");

        var ends = new AgentJournal(w.FakeState("worker"));
        var firstEnd = File.Exists(Path.Combine(w.FakeState("worker"), "lifecycle.jsonl")) ? EndTime(w.FakeState("worker")) : null;
        if (firstEnd is null || firstEnd > released) t.Add(Breach.Other, $"the agent did not end while the database was locked (ended {firstEnd?.ToString("HH:mm:ss.fff") ?? "never"}, lock released {released:HH:mm:ss.fff})");
        var worker = await w.WaitFinalAsync("worker", TimeSpan.FromSeconds(120));
        if (worker.State() != "succeeded") t.Add(Breach.Lost, $"worker ended {worker.State() ?? "nowhere"} after the lock was released");
        var stop = await w.Shepherd("stop", "idle");
        var idle = await w.WaitFinalAsync("idle", TimeSpan.FromSeconds(60));
        if (idle.State() != "stopped") t.Add(Breach.Lost, $"idle is {idle.State()} after a stop retried once the lock was gone ({stop.OneLine})");
        var retry = await w.ShepherdWith(w.AgentEnv("newcomer", "ok"), null, w.StartArgs("newcomer"));
        if (!retry.Ok || (await w.WaitFinalAsync("newcomer", TimeSpan.FromSeconds(90))).State() != "succeeded")
            t.Add(Breach.Lost, $"start retried after the lock: {retry.OneLine}");
        foreach (var n in new[] { "worker", "idle", "newcomer" }) ScenarioChecks.NoOverlaps(t, w.FakeState(n));
        output.WriteLine($"  during the lock: {string.Join("; ", during.Select(r => r.OneLine))}; worker {worker.State()}, agent launches {ends.Launches.Count}");
        ScenarioChecks.Integrity(t, w);
        await ScenarioChecks.NothingOutlives(t, w);
        return t;
    }

    private static DateTime? EndTime(string fakeState) =>
        File.ReadAllLines(Path.Combine(fakeState, "lifecycle.jsonl"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("event").GetString() == "end")
            .Select(e => DateTime.UnixEpoch.AddTicks(e.GetProperty("atUs").GetInt64() * 10))
            .Cast<DateTime?>().FirstOrDefault();
}
