namespace Shepherd.FakeAgent;

/// <summary>FAKE_AGENT_PLAN: one step per launch, e.g. "exit:3,ok" or "sleep:30,ok". Steps: ok, exit:N,
/// sleep:S (then ok), hang, said:TEXT (prints TEXT raw, says it, then hangs), stubborn (ignores SIGINT/SIGTERM; stubborn:S: for S seconds of work, then ok), noid-exit:N, noid-sleep:S, crash, ratelimit:S, auth, apierror, usage, print:N,
/// flood:N (N lines on stdout and stderr at once), ratelimit-text (a successful turn whose text and usage mention 429),
/// recovered:STATUS (an API error the agent retries by itself, then success), noid-ok (success, no session id printed),
/// bulk:BYTES (BYTES of plain text as fast as stdout takes them), steps:N (N steps of 0.5 s, each reporting its usage:
/// OpenCode's step_finish, Pi's message_end; every finished turn reports FAKE_AGENT_USAGE, see TurnUsage), ansi (raw terminal escapes), echo (the prompt back, raw),
/// usage-limit[:S|:in-S] (the CLI's real usage-limit message and exit, its reset S seconds away: on the clock, whole
/// minutes for Codex, plus Claude's rate_limit_event to the second; "in-": relative where the CLI has such a form,
/// Claude "resets in 2m 5s"; Gemini's is always relative, "reset after 1m30s"; no S: no reset named), instant-exit:N[:BYTES] (BYTES of text, then the session id and exit N
/// within a millisecond of printing it), instant-ok[:BYTES] (the same with a finished turn, exit 0), run:S (an
/// orchestrator: runs sh -c "$FAKE_AGENT_RUN", its output in run-N.log, then works S seconds and ends well), diverge (asked to resume, it opens a new conversation instead, then
/// finishes its turn), refused (the model API refuses the conversation: a tool call without its result) and overflow (the
/// conversation is past the model's context window), each in the CLI's real words and with its real exit code
/// (docs/agents-found.md, "Conversations that cannot go on").</summary>
internal static class Plan
{
    public static string StepFor(string plan, int launch)
    {
        var steps = plan.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return steps.Length == 0 ? "ok" : steps[Math.Min(launch, steps.Length) - 1];
    }
}
