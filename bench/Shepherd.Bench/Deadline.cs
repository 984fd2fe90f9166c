using System.Diagnostics;

namespace Shepherd.Bench;

/// <summary>The time a figure may take in all. Every wait and every child process is bounded by it, so no
/// figure hangs: when it passes, the wait throws and the figure is reported as not measured.</summary>
internal sealed class Deadline(TimeSpan budget)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Budget => budget;

    public TimeSpan Remaining => budget - _clock.Elapsed is var r && r > TimeSpan.Zero ? r : TimeSpan.Zero;

    public void Check(string doing)
    {
        if (Remaining == TimeSpan.Zero) throw new TimeoutException($"the figure's deadline ({budget.TotalSeconds:0} s) passed while {doing}");
    }

    /// <summary>At most <paramref name="limit"/>, and never past the deadline.</summary>
    public TimeSpan Cap(TimeSpan limit) => limit < Remaining ? limit : Remaining;

    /// <summary>Polls <paramref name="condition"/> until it holds; throws after <paramref name="limit"/> or at the deadline.</summary>
    public void WaitFor(Func<bool> condition, TimeSpan limit, string what, int pollMs = 50) => WaitFor(() => condition() ? true : (bool?)null, limit, what, pollMs);

    public T WaitFor<T>(Func<T?> probe, TimeSpan limit, string what, int pollMs = 50) where T : struct
    {
        var sw = Stopwatch.StartNew();
        var cap = Cap(limit);
        while (true)
        {
            if (probe() is { } value) return value;
            if (sw.Elapsed >= cap)
            {
                Check($"waiting for {what}");
                throw new TimeoutException($"{what}: not within {limit.TotalSeconds:0.#} s");
            }
            Thread.Sleep(pollMs);
        }
    }
}
