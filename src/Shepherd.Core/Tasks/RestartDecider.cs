namespace Shepherd.Tasks;

/// <summary>The restart policy as a pure function: (ended runs, runtime used, now, policy) → resume at T or give up.</summary>
public static class RestartDecider
{
    /// <param name="runs">Ended runs that count against the budget (since the last explicit start or resume),
    /// oldest first; the last one is the run that just failed. The window counts their monotonic age when known.</param>
    /// <param name="used">Time the agent has run since the last explicit start or resume (monotonic).</param>
    /// <param name="retryAfter">How long the agent said to wait (a rate limit's reset), if it said.</param>
    /// <param name="jitter">A number in [0,1) that spreads the backoff by up to ±20 %.</param>
    public static RestartDecision Decide(IReadOnlyList<RunSpan> runs, TimeSpan used, DateTimeOffset now,
        RestartPolicy policy, TimeSpan? retryAfter, double jitter)
    {
        if (used >= policy.MaxRuntime)
            return new RestartDecision.GiveUp($"max runtime reached ({Duration.Format(policy.MaxRuntime)})");

        // A healthy run forgives everything before it: the budget and the backoff start again from it.
        var counted = runs.Count;
        for (var i = runs.Count - 1; i >= 0; i--)
        {
            if (runs[i].Length >= policy.HealthyAfter) { counted = runs.Count - i; break; }
        }
        var recent = runs.Skip(runs.Count - counted).Count(r => (r.Age ?? now - r.Ended) < policy.Window);
        var failuresInRow = Math.Max(1, counted);
        if (recent > policy.MaxRestarts)
            return new RestartDecision.GiveUp(
                $"restart budget spent ({policy.MaxRestarts} resumes in {Duration.Format(policy.Window)})");

        var exponent = Math.Min(failuresInRow - 1, 30);
        var backoff = policy.InitialBackoff.TotalMilliseconds * Math.Pow(2, exponent);
        backoff = Math.Min(backoff, policy.MaxBackoff.TotalMilliseconds);
        backoff *= 0.8 + 0.4 * jitter;
        var wait = TimeSpan.FromMilliseconds(backoff);
        if (retryAfter is { } r && r > wait) wait = r;
        return new RestartDecision.ResumeAt(now + wait, wait);
    }
}
