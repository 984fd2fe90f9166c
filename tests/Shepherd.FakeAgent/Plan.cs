namespace Shepherd.FakeAgent;

/// <summary>FAKE_AGENT_PLAN: one step per launch, e.g. "exit:3,ok" or "sleep:30,ok". Steps: ok, exit:N,
/// sleep:S (then ok), hang, stubborn (ignores SIGINT/SIGTERM), noid-exit:N, noid-sleep:S, crash, ratelimit:S, auth, apierror, usage, print:N,
/// flood:N (N lines on stdout and stderr at once), ratelimit-text (a successful turn whose text and usage mention 429),
/// recovered:STATUS (an API error the agent retries by itself, then success), noid-ok (success, no session id printed),
/// bulk:BYTES (BYTES of plain text as fast as stdout takes them), ansi (raw terminal escapes), echo (the prompt back, raw),
/// usage-limit[:S|:in-S] (the CLI's real usage-limit message and exit, its reset S seconds away: on the clock, whole
/// minutes for Codex, plus Claude's rate_limit_event to the second; "in-": relative where the CLI has such a form,
/// Claude "resets in 2m 5s"; Gemini's is always relative, "reset after 1m30s"; no S: no reset named).</summary>
internal static class Plan
{
    public static string StepFor(string plan, int launch)
    {
        var steps = plan.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return steps.Length == 0 ? "ok" : steps[Math.Min(launch, steps.Length) - 1];
    }
}
