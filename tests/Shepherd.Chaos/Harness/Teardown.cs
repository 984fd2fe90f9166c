using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Harness;

/// <summary>The end of a run: with every task final, no agent may be alive and no tmux session may be left of a removed
/// task; then the daemon is stopped (SIGTERM) and the tmux server killed, and nothing of the run may outlive that. The
/// database is then checked whole (<c>PRAGMA integrity_check</c>).</summary>
public static class Teardown
{
    public static async Task CheckAsync(World world, Tally tally, Slot[] slots)
    {
        var agents = ProcTable.Agents(v => v.StartsWith(world.Dir + "/"));
        foreach (var a in agents) tally.Add(Breach.Escaped, $"an agent is alive after every task ended: {a}");
        var sessions = await world.Tmux("list-sessions", "-F", "#{session_name}");
        var expected = slots.Where(s => s.Current is not null).Select(s => $"{s.Current!.Agent}-{s.Name}").ToHashSet();
        if (sessions.Ok)
            foreach (var name in sessions.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(n => !expected.Contains(n)))
                tally.Add(Breach.Escaped, $"tmux session {name} belongs to no task");

        await world.Daemon.StopAsync();
        await world.Tmux("kill-server");
        var left = new List<ProcEntry>();
        if (!await Deadline.Until(() => (left = world.RunProcesses()).Count == 0, TimeSpan.FromSeconds(15), pollMs: 100))
            foreach (var p in left) tally.Add(Breach.Escaped, $"outlived the run (daemon stopped, tmux server killed): {p}");
        await world.KillEverythingAsync();

        using var c = world.OpenDatabase();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        var integrity = cmd.ExecuteScalar() as string;
        if (integrity != "ok") tally.Add(Breach.Lost, $"PRAGMA integrity_check: {integrity}");
    }
}
