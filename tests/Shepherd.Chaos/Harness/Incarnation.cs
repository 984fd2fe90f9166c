namespace Shepherd.Chaos.Harness;

/// <summary>One life of a task name, from its start to its rm: its agent, plan and fake-agent journal, what its
/// commands imply, the follow-ups it was given, and a log of every command for the failure report.</summary>
public sealed class Incarnation(int slot, int generation, string agent, string plan, string fakeState)
{
    private readonly Lock _lock = new();
    private int _version;

    public int Slot { get; } = slot;
    public int Generation { get; } = generation;
    public string Name => $"c{Slot}";
    public string Agent { get; } = agent;
    public string Plan { get; } = plan;
    public string FakeState { get; } = fakeState;
    public long? TaskId { get; set; }
    public bool Created { get; set; }

    /// <summary>The seconds its <c>--check</c> takes (null: no check); each run of the check notes itself in
    /// <see cref="ChecksFile"/>, and in <see cref="CheckOverlapsFile"/> when another run of it was still alive.</summary>
    public int? CheckSeconds { get; init; }
    public string ChecksFile => Path.Combine(FakeState, "checks");
    public string CheckOverlapsFile => Path.Combine(FakeState, "check-overlaps");

    /// <summary>Started by the agent of <see cref="Parent"/> (an orchestrating task), not by the harness: it exists only
    /// once that agent ran its <c>run</c> step, and no command of the schedule ever touches it.</summary>
    public Incarnation? Parent { get; init; }

    /// <summary>When each resume command was issued (before its first try): a resume may end a usage-limit wait early.</summary>
    public List<DateTime> ResumeTimes { get; } = [];

    /// <summary>Its restart budget (<c>--max-restarts</c>) and more of its environment, as its start gave them.</summary>
    public int MaxRestarts { get; init; } = 1000;
    public IReadOnlyDictionary<string, string?>? Env { get; init; }

    /// <summary>What the last command on it answered (named scenarios look closer at it).</summary>
    public Shepherd.Chaos.Support.CliResult? LastResult { get; set; }

    public Expect Expect { get; private set; } = Expect.Succeeds;
    public string? FinalState { get; private set; }
    /// <summary>Resume commands issued (whatever became of them): each may reopen a final task once.</summary>
    public int ResumesIssued { get; set; }
    /// <summary>The follow-up of the last command, when it was a resume that returned 0: it must reach the agent.</summary>
    public string? PendingFollowUp { get; set; }
    public List<string> Log { get; } = [];

    /// <summary>A command begins: the task's state may change until it ends.</summary>
    public void Begin(string what)
    {
        lock (_lock)
        {
            _version++;
            InFlight = true;
            Log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {what}");
        }
    }

    public void End(string result, Expect expect, string? finalState = null)
    {
        lock (_lock)
        {
            _version++;
            InFlight = false;
            Expect = expect;
            FinalState = finalState;
            Log.Add($"{DateTime.UtcNow:HH:mm:ss.fff}   -> {result}");
        }
    }

    public void Note(string what)
    {
        lock (_lock) Log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {what}");
    }

    public bool InFlight { get; private set; }

    /// <summary>A consistent view for the monitor: the version changes whenever a command begins or ends.</summary>
    public (int Version, bool InFlight, Expect Expect, string? Final) Snapshot()
    {
        lock (_lock) return (_version, InFlight, Expect, FinalState);
    }
}
