using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>Checks several scenarios share.</summary>
public static class ScenarioChecks
{
    /// <summary>A refused command says why in one line, exits 1 or 2, and never shows a stack trace.</summary>
    public static void ClearErrors(Tally t, string what, IEnumerable<CliResult> results)
    {
        foreach (var r in results.Where(r => !r.Ok))
        {
            var lines = r.Stderr.Trim().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (r.ExitCode is not (1 or 2) || lines.Length != 1 || r.Stderr.Contains("   at ") || r.Stderr.Contains("internal error"))
                t.Add(Breach.Other, $"{what}: not a clear one-line error: {r.OneLine}");
        }
    }

    public static void NoOverlaps(Tally t, string fakeState)
    {
        foreach (var o in new AgentJournal(fakeState).Overlaps)
            t.Add(Breach.TwoAgents, $"{Path.GetFileName(fakeState)}: launch {o.N} (pid {o.Pid}) ran while pid {o.Holder} held the {o.What}");
    }

    public static void Integrity(Tally t, World w)
    {
        if (!File.Exists(Path.Combine(w.Home, "shepherd.db"))) return;
        using var c = w.OpenDatabase();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        if (cmd.ExecuteScalar() as string is var r && r != "ok") t.Add(Breach.Lost, $"PRAGMA integrity_check: {r}");
    }

    /// <summary>After rm: no row, no directory, no tmux session, no agent or runner alive (after a short grace).</summary>
    public static async Task Gone(Tally t, World w, string name, string agent, string fakeState, long? taskId)
    {
        if ((await w.Shepherd("status", name)).ExitCode != 2) t.Add(Breach.Escaped, $"{name}: still answers status after rm");
        if (Directory.Exists(w.TaskDir(name))) t.Add(Breach.Escaped, $"{name}: its directory outlived rm");
        if ((await w.Tmux("has-session", "-t", $"={agent}-{name}")).Ok) t.Add(Breach.Escaped, $"{name}: its tmux session outlived rm");
        var left = new List<ProcEntry>();
        if (!await Deadline.Until(() => (left = [.. ProcTable.Agents(v => v == fakeState),
                    .. taskId is { } id ? RemovalCheck.Runners(w, id) : []]).Count == 0,
                new RunOptions().ReapGrace))
            foreach (var p in left) t.Add(Breach.Escaped, $"{name}: outlived rm: {p}");
    }

    /// <summary>Every process of the world is gone once its daemon is stopped and its tmux server killed.</summary>
    public static async Task NothingOutlives(Tally t, World w)
    {
        await w.Daemon.StopAsync();
        await w.Tmux("kill-server");
        var left = new List<ProcEntry>();
        if (!await Deadline.Until(() => (left = w.RunProcesses()).Count == 0, TimeSpan.FromSeconds(15), pollMs: 100))
            foreach (var p in left) t.Add(Breach.Escaped, $"outlived the scenario: {p}");
        await w.KillEverythingAsync();
    }
}
