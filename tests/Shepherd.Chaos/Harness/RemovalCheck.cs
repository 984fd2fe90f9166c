using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Harness;

/// <summary>What rm must leave: no row, no task directory, no tmux session, and no process of the task (agent, runner)
/// alive a moment later.</summary>
public sealed class RemovalCheck(World world, Tally tally)
{
    /// <param name="interrupted">The first rm was killed mid-command (the one that returned was issued again).</param>
    public async Task VerifyAsync(Incarnation life, bool interrupted)
    {
        var name = life.Name;
        var status = await world.ShepherdPastReboots("status", name, "--json");
        if (status.ExitCode != 2) tally.Add(Breach.Escaped, $"{name}: after rm, status still answers: {status.OneLine}");
        if (Directory.Exists(world.TaskDir(name)))
            tally.Add(Breach.Escaped, $"{name}: after rm, {world.TaskDir(name)} is still there{(interrupted ? " (the first rm was killed mid-command)" : "")}");
        var session = $"{life.Agent}-{name}";
        // Gone within the grace its processes get: a tmux server that is being killed (a fault of the run) still answers
        // for a moment about sessions it is ending.
        var lingers = !await Deadline.UntilAsync(async () => (await world.Tmux("has-session", "-t", "=" + session)).ExitCode != 0,
            new RunOptions().ReapGrace, pollMs: 250);
        if (lingers)
        {
            // What is in it, and since when, says who made it (a runner's argv names the task's id).
            var panes = await world.Tmux("list-panes", "-s", "-t", "=" + session, "-F",
                "created #{t:session_created} pane #{pane_id} pid #{pane_pid} dead #{pane_dead} #{pane_start_command}");
            tally.Add(Breach.Escaped, $"{name}: after rm, tmux session {session} is still there ({panes.Stdout.Trim().ReplaceLineEndings("; ")})");
        }
        var left = new List<ProcEntry>();
        var gone = await Deadline.Until(() => (left = ProcessesOf(world, life)).Count == 0, new RunOptions().ReapGrace);
        if (!gone) tally.Add(Breach.Escaped, $"{name}: after rm, its processes live on: {string.Join("; ", left)}");
        foreach (var p in left) Native.Kill(p.Pid);
    }

    /// <summary>The incarnation's agents (their FAKE_AGENT_STATE) and runners (<c>__run --home H id</c>).</summary>
    public static List<ProcEntry> ProcessesOf(World world, Incarnation life)
    {
        var agents = ProcTable.Agents(v => v == life.FakeState);
        if (life.TaskId is not { } id) return agents;
        return [.. agents, .. Runners(world, id)];
    }

    /// <summary>Runner processes of the world (of one task when <paramref name="taskId"/> is given). The tmux server's
    /// own argv can mention <c>__run</c> too (the command it was started with), so argv[0] must be shepherd.</summary>
    public static List<ProcEntry> Runners(World world, long? taskId = null) =>
        ProcTable.WithArgv(a => a.Count > 4 && Path.GetFileName(a[0]) is "shepherd" or "dotnet" && a.Contains("__run") && a.Contains(world.Home)
                                && (taskId is null || a[^1] == taskId.ToString()));
}
