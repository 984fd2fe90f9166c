namespace Shepherd.Bench;

/// <summary>After a fault, waits for every agent's next launch, read from the fake agents' own journals. The times
/// come from the journals, so the poll can be slow: it must not take CPU from the recovery it measures.</summary>
internal static class Relaunch
{
    /// <summary>Launches so far, per fake-agent state directory.</summary>
    public static Dictionary<string, int> Counts(IEnumerable<string> stateDirs) => stateDirs.ToDictionary(d => d, FakeJournal.Count);

    /// <summary>Waits until each agent launched again after <paramref name="before"/>; returns when the last of them started.</summary>
    public static DateTimeOffset WaitAll(Deadline deadline, IReadOnlyDictionary<string, int> before, TimeSpan limit, string what)
    {
        var pending = before.Keys.ToHashSet();
        try
        {
            deadline.WaitFor(() =>
            {
                pending.RemoveWhere(d => FakeJournal.Count(d) > before[d]);
                return pending.Count == 0;
            }, limit, what, pollMs: before.Count > 1 ? 50 : 5);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} ({before.Count - pending.Count} of {before.Count} agents were launched again)");
        }
        return before.Max(b => FakeJournal.Read(b.Key)[b.Value].At);
    }
}
