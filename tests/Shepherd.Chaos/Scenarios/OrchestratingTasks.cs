using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>Issue 17, item 8: orchestrating tasks — 3 parents (codex, claude, opencode) whose agents run
/// <c>shepherd start</c> of a child task each, as an agent does through the skill, with the auto daemon allowed (the
/// harness starts none: the first inner start launches it). Once the children run, each parent's runner gets SIGKILL and
/// the daemon takes the parent over, ending what carries the parent attempt's marker. The marker stays with the attempt:
/// no runner, daemon, tmux process or notifier carries one (MarkerWatch, all along); the daemon, the children's runners
/// and agents live on through every takeover; each parent is resumed, its agent's start of the child answers "already
/// exists", and every task succeeds.</summary>
public sealed class OrchestratingTasks : IScenario
{
    private static readonly string[] Agents = ["codex", "claude", "opencode"];

    public string Name => "orchestrating tasks that start tasks";

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name) { Runs = 1 };
        await using var s = new ScenarioWorld("orchestra", t, 6, daemon: false);
        var w = s.World;
        var parents = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            s.StartAsync(i, Agents[i], "run:8", child: new ChildTask(3 + i, Agents[(i + 1) % 3], "sleep:12", AutoDaemon: true))));
        var children = Enumerable.Range(3, 3).Select(s.Life).ToList();
        foreach (var child in children)
        {
            s.Expect(await s.AtWorkAsync(child), Breach.Lost, $"{child.Name}: the child its parent's agent started never ran");
            StateMonitor.Resolve(w, child);
        }
        var daemon = Daemon(w);
        s.Expect(daemon is not null, Breach.Lost, "the inner start launched no daemon");
        var before = children.ToDictionary(c => c, c => Processes(w, c));

        foreach (var parent in parents)
        {
            var attempts = (await w.StatusAsync(parent.Name))?.GetProperty("history").GetArrayLength() ?? 0;
            s.Expect(s.KillRunner(parent, "while its child runs") > 0, Breach.Other, $"{parent.Name}: no runner to kill");
            var takenOver = await s.UntilAsync(parent, st => st.GetProperty("history").GetArrayLength() > attempts &&
                                                           st.GetProperty("history")[attempts - 1].GetProperty("outcome").GetString() is not null,
                TimeSpan.FromSeconds(30));
            s.Expect(takenOver, Breach.Lost, $"{parent.Name}: the daemon did not take the parent over after its runner died");
        }
        s.Expect(daemon is { } d && ProcTable.IsSame(d.Pid, d.StartTicks), Breach.Lost, "a takeover of a parent ended the daemon its agent's start launched");
        foreach (var (child, procs) in before)
            foreach (var p in procs.Where(p => !ProcTable.IsSame(p.Pid, p.StartTicks)))
                t.Add(Breach.Lost, $"{child.Name}: a takeover of its parent ended its {p}");

        foreach (var l in parents.Concat(children))
            s.Expect(await s.UntilAsync(l, st => st.GetProperty("state").GetString() is "succeeded" or "failed" or "stopped", TimeSpan.FromSeconds(90)),
                Breach.Lost, $"{l.Name}: never final");
        // The auto daemon ends as systemd would end it; the harness's own takes over for the verdict.
        if (Daemon(w) is { } auto)
        {
            Native.Kill(auto.Pid, Native.SIGTERM);
            s.Expect(await Deadline.Until(() => !ProcTable.IsSame(auto.Pid, auto.StartTicks), TimeSpan.FromSeconds(20)), Breach.Other,
                "the auto-started daemon did not end on SIGTERM");
        }
        w.Daemon.Start();
        await s.JudgeAsync();
        output.WriteLine($"  {string.Join("; ", parents.Select(p => $"{p.Name} ({p.Agent}): {new AgentJournal(p.FakeState).Launches.Count} launches, " +
                                                                     $"its start of the child: {string.Join(" / ", StartAnswers(p))}"))}");
        return t;
    }

    /// <summary>The daemon a start launched (daemon.pid: pid, start time, boot), while it lives.</summary>
    private static ProcEntry? Daemon(World w)
    {
        var file = Path.Combine(w.Home, "daemon.pid");
        if (!File.Exists(file)) return null;
        var f = File.ReadAllText(file).Split(' ');
        return f.Length >= 2 && int.TryParse(f[0], out var pid) && long.TryParse(f[1], out var ticks) && ProcTable.Read(pid) is { IsAlive: true } p &&
               p.StartTicks == ticks ? p : null;
    }

    /// <summary>The child's runner and agent.</summary>
    private static List<ProcEntry> Processes(World w, Incarnation child) => RemovalCheck.ProcessesOf(w, child);

    private static IEnumerable<string> StartAnswers(Incarnation parent) =>
        Directory.Exists(parent.FakeState)
            ? Directory.EnumerateFiles(parent.FakeState, "run-*.log").Order().Select(f => File.ReadLines(f).FirstOrDefault() ?? "?")
            : [];
}
