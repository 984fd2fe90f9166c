namespace Shepherd.Runner;

/// <summary>Where the runner's own writes (its notes, the agent's stderr) landed in a log the agent also appends its
/// stdout to: what lies between them is the agent's stdout. Guarded by the lock the writes are made under, so a
/// reader that saw any byte of a write and then takes that lock also sees where the write landed.</summary>
internal sealed class OwnWrites
{
    private readonly List<(long Start, long End)> _ranges = [];

    public void Add(long start, long end) => _ranges.Add((start, end));

    /// <summary>The ranges that overlap [<paramref name="from"/>, <paramref name="to"/>), in order; those wholly before
    /// <paramref name="from"/> are forgotten (the reader never goes back).</summary>
    public void Overlapping(long from, long to, List<(long Start, long End)> into)
    {
        into.Clear();
        var passed = 0;
        while (passed < _ranges.Count && _ranges[passed].End <= from) passed++;
        _ranges.RemoveRange(0, passed);
        foreach (var r in _ranges)
        {
            if (r.Start >= to) break;
            into.Add(r);
        }
    }
}
