namespace Shepherd.FakeAgent;

/// <summary>FAKE_AGENT_PLAN: one step per launch, e.g. "exit:3,ok" or "sleep:30,ok". Steps: ok, exit:N,
/// sleep:S (then ok), hang, stubborn (ignores SIGINT/SIGTERM), noid-exit:N, noid-sleep:S, crash, ratelimit:S, auth, apierror, usage, print:N, ansi (raw terminal escapes).</summary>
internal static class Plan
{
    public static string StepFor(string plan, int launch)
    {
        var steps = plan.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return steps.Length == 0 ? "ok" : steps[Math.Min(launch, steps.Length) - 1];
    }
}
