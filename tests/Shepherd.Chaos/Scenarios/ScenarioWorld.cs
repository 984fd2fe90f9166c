using System.Text.Json;
using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>A named scenario's world under the random schedule's model and invariants: each task is a slot (c0, c1, …)
/// started and commanded through <see cref="CommandRunner"/>, the state monitor (and its marker watch) runs throughout,
/// and <see cref="Verdict"/> judges the end — final states, attempts, follow-ups, launches, notifications, what is left.</summary>
public sealed class ScenarioWorld : IAsyncDisposable
{
    private readonly StateMonitor _monitor;

    public ScenarioWorld(string label, Tally tally, int tasks, bool daemon = true)
    {
        Tally = tally;
        World = new World(label);
        Slots = Enumerable.Range(0, tasks).Select(i => new Slot(i)).ToArray();
        Commands = new CommandRunner(World, tally, new RunOptions(), Slots);
        _monitor = new StateMonitor(World, tally, Slots);
        if (daemon) World.Daemon.Start();
        _monitor.Start();
    }

    public World World { get; }
    public Tally Tally { get; }
    public Slot[] Slots { get; }
    public CommandRunner Commands { get; }

    public Incarnation Life(int slot) => Slots[slot].Current ?? throw new InvalidOperationException($"c{slot} has no task");

    /// <summary>Starts task c<paramref name="slot"/> as the schedule would (a start step with its draw).</summary>
    public async Task<Incarnation> StartAsync(int slot, string agent, string plan, int? checkSeconds = null, ChildTask? child = null,
        int maxRestarts = 1000, IReadOnlyDictionary<string, string?>? env = null)
    {
        await Commands.RunAsync(Slots[slot], new Step(0, StepKind.Start, slot, Agent: agent, Plan: plan)
            { CheckSeconds = checkSeconds, Child = child, MaxRestarts = maxRestarts, Env = env });
        return Slots[slot].Current is { Created: true } life ? life : throw new InvalidOperationException($"start c{slot} failed");
    }

    public async Task<CliResult?> CommandAsync(int slot, StepKind kind, int? killRunnerAfterMs = null)
    {
        await Commands.RunAsync(Slots[slot], new Step(0, kind, slot) { KillRunnerAfterMs = killRunnerAfterMs });
        return Slots[slot].Lives[^1].LastResult;
    }

    /// <summary>The agent at work: running, and the fake agent has opened its conversation (its id printed).</summary>
    public Task<bool> AtWorkAsync(Incarnation life, TimeSpan? limit = null) =>
        Deadline.UntilAsync(async () => (await World.StatusAsync(life.Name)).State() == "running" && new AgentJournal(life.FakeState).Opens.Count > 0,
            limit ?? TimeSpan.FromSeconds(60), pollMs: 100);

    /// <summary>Waits for the task's status to satisfy <paramref name="condition"/>; false at the deadline.</summary>
    public Task<bool> UntilAsync(Incarnation life, Func<JsonElement, bool> condition, TimeSpan? limit = null) =>
        Deadline.UntilAsync(async () => await World.StatusAsync(life.Name) is { } t && condition(t), limit ?? TimeSpan.FromSeconds(60), pollMs: 100);

    public static bool StopAccepted(JsonElement t) => t.GetProperty("stopRequested").GetBoolean();

    /// <summary>Every runner of the task, killed with SIGKILL; how many.</summary>
    public int KillRunner(Incarnation life, string when)
    {
        var n = FaultInjector.KillRunners(World, life, when);
        if (n > 0) Tally.Fault();
        return n;
    }

    /// <summary>Fails the scenario's table row with a breach when <paramref name="ok"/> is false.</summary>
    public void Expect(bool ok, Breach kind, string what)
    {
        if (!ok) Tally.Add(kind, what);
    }

    /// <summary>The world settles by itself, then every invariant of the harness is judged.</summary>
    public Task<int> JudgeAsync(TimeSpan? settle = null) => Verdict.JudgeAsync(World, Tally, Slots, _monitor, settle ?? TimeSpan.FromSeconds(120));

    public ValueTask DisposeAsync() => World.DisposeAsync();
}
