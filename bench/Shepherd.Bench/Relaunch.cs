namespace Shepherd.Bench;

/// <summary>After a fault, waits for every agent's next launch, read from the fake agents' own journals.</summary>
internal static class Relaunch
{
    /// <summary>Launches so far, per fake-agent state directory.</summary>
    public static Dictionary<string, int> Counts(IEnumerable<string> stateDirs) => stateDirs.ToDictionary(d => d, FakeJournal.Count);

    /// <summary>Waits until each agent launched again after <paramref name="before"/>; returns when the last of them started.</summary>
    public static DateTimeOffset WaitAll(Deadline deadline, IReadOnlyDictionary<string, int> before, TimeSpan limit, string what)
    {
        deadline.WaitFor(() => before.All(b => FakeJournal.Count(b.Key) > b.Value), limit, what, pollMs: 10);
        return before.Max(b => FakeJournal.Read(b.Key)[b.Value].At);
    }
}
