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
