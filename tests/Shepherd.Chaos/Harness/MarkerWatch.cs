using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Harness;

/// <summary>The attempt's marker (<c>SHEPHERD_ATTEMPT</c>) stays with the attempt's own processes (issue 17, item 8): no
/// runner, daemon, tmux process or notifier of the world carries one — it would have come from an agent that ran
/// <c>shepherd start</c>, and a takeover of that agent's attempt would end them — and no agent carries another task's.
/// Read from <c>/proc/PID/environ</c> (the environment a process was started with) while the run goes on.</summary>
public sealed class MarkerWatch(World world, Tally tally)
{
    private const string Marker = "SHEPHERD_ATTEMPT";
    private readonly HashSet<(int Pid, long Start)> _reported = [];

    public void Observe(IEnumerable<Slot> slots)
    {
        var lives = slots.SelectMany(s => s.Lives).ToList();
        foreach (var pid in ProcTable.Pids())
        {
            if (pid == Environment.ProcessId) continue;
            if (ProcTable.EnvironmentValues(pid, World.MarkerVariable, Marker, "FAKE_AGENT_STATE") is not [var run, { } marker, var state] ||
                run != world.Marker) continue;
            if (ProcTable.Read(pid) is not { IsAlive: true, Argv.Count: > 0 } p) continue;
            var exe = Path.GetFileName(p.Argv[0]);
            var what = exe is "shepherd" or "dotnet" && p.Argv.Contains("__run") ? "a runner"
                : exe is "shepherd" && p.Argv.Count > 1 && p.Argv[1] == "daemon" ? "the daemon"
                : exe.StartsWith("tmux", StringComparison.Ordinal) ? "a tmux process"
                : p.Argv.Contains(world.Notifications.Script) ? "a notifier"
                : exe == "fake-agent" && OtherTask(marker, state, lives) is { } other ? other
                : null;
            if (what is null || !_reported.Add((pid, p.StartTicks))) continue;
            tally.Add(Breach.Escaped, $"the attempt marker {Marker}={marker} reached {what}: {p}");
        }
    }

    /// <summary>"an agent of another task" when the agent's journal belongs to a task other than the marker's attempt's.</summary>
    private string? OtherTask(string marker, string? state, List<Incarnation> lives)
    {
        var hash = marker.LastIndexOf('#');
        if (hash < 0 || !long.TryParse(marker[(hash + 1)..], out var attempt)) return null;
        if (lives.FirstOrDefault(l => l.FakeState == state) is not { TaskId: { } own } life) return null;
        // Read each time, never cached: attempt ids are rowids, and those of a removed task's attempts are given out again.
        return TaskOf(attempt) is { } t && t != own ? $"an agent of {life.Name} (task {own}), not of the attempt's task {t}" : null;
    }

    private long? TaskOf(long attempt)
    {
        try
        {
            using var c = world.OpenDatabase();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT task_id FROM attempts WHERE id = $a";
            cmd.Parameters.AddWithValue("$a", attempt);
            return cmd.ExecuteScalar() as long?;
        }
        catch (Microsoft.Data.Sqlite.SqliteException) { return null; }
    }
}
