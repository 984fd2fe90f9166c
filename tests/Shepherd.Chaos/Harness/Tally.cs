using System.Text;

namespace Shepherd.Chaos.Harness;

/// <summary>One row of docs/reliability.md: what a scenario did (runs, faults, tasks, seeds) and what went wrong, by
/// column, with every breach spelled out.</summary>
public sealed class Tally(string scenario)
{
    private readonly Lock _lock = new();

    public string Scenario { get; } = scenario;
    public int Runs { get; set; }
    public int Faults;
    public int Tasks;
    public List<int> Seeds { get; } = [];
    public List<(Breach Kind, string What)> Breaches { get; } = [];

    public void Fault() => Interlocked.Increment(ref Faults);
    public void Task() => Interlocked.Increment(ref Tasks);

    public void Add(Breach kind, string what)
    {
        lock (_lock) Breaches.Add((kind, what));
    }

    public int Count(Breach kind)
    {
        lock (_lock) return Breaches.Count(b => b.Kind == kind);
    }

    public bool Clean
    {
        get { lock (_lock) return Breaches.Count == 0; }
    }

    /// <summary>No breach but those of bugs already reported (each with its failing KnownBug test).</summary>
    public bool CleanButKnown
    {
        get { lock (_lock) return Breaches.All(b => KnownBreaches.TestFor(b.What) is not null); }
    }

    public void Merge(Tally other)
    {
        lock (_lock)
        {
            Runs += other.Runs;
            Faults += other.Faults;
            Tasks += other.Tasks;
            Seeds.AddRange(other.Seeds);
            Breaches.AddRange(other.Breaches);
        }
    }

    public string Describe()
    {
        var b = new StringBuilder();
        b.Append($"{Scenario}: {Runs} run(s), {Faults} fault(s), {Tasks} task(s), seeds {SeedText()}; ");
        b.Append($"lost {Count(Breach.Lost)}, duplicated {Count(Breach.Duplicated)}, escaped {Count(Breach.Escaped)}, ");
        b.Append($"two-agents {Count(Breach.TwoAgents)}, other {Count(Breach.Other)}");
        lock (_lock)
            foreach (var (kind, what) in Breaches)
                b.Append($"\n  [{kind}] {what}").Append(KnownBreaches.TestFor(what) is { } test ? $" (known bug: {test})" : "");
        return b.ToString();
    }

    public string SeedText() => Seeds.Count switch
    {
        0 => "-",
        <= 3 => string.Join(", ", Seeds),
        _ => $"{Seeds.Count} ({Seeds.Min()}…{Seeds.Max()})",
    };
}
