using System.Text.Json;

namespace Shepherd.Agents;

/// <summary>Claude Code: print mode with stream-json. Shepherd chooses the session id (a fresh UUID per new
/// conversation) and stores it when the attempt begins; the <c>system/init</c> event confirms it. Resume must run in
/// the original directory. Verdict: the <c>result</c> event's <c>is_error</c>, <c>api_error_status</c> and
/// <c>terminal_reason</c> (<c>prompt_too_long</c>: past the context window, a handoff). A usage limit
/// is an is_error result whose text is the limit message (status 429), after a <c>rate_limit_event</c> that gives the
/// reset to the second.</summary>
public sealed class ClaudeAdapter : IAgentAdapter
{
    private static readonly string[] Common = ["--output-format", "stream-json", "--verbose", "--dangerously-skip-permissions"];

    public string Name => "claude";

    public string TurnEndEvent => "result";

    public AgentLaunch Start(AgentContext ctx)
    {
        var id = Guid.NewGuid().ToString();
        return new(["-p", "--session-id", id, .. Common, .. ctx.Task.ExtraArgs], ctx.PromptBytes, id);
    }

    /// <summary>The id is stored when the attempt begins, before Claude has written anything: it is resumed only once
    /// its transcript exists (Claude writes it from the start of the turn); otherwise the prompt runs again, under a new
    /// id (an id cannot be given twice).</summary>
    public bool CanResume(AgentContext ctx, string sessionId) =>
        ResumeReadiness.ClaudeTranscript(ctx.Environment, ResumeReadiness.Home(ctx.Environment), ctx.Task.ProjectDir, sessionId) is not null;

    public AgentLaunch Resume(AgentContext ctx, string sessionId, byte[] prompt) => new(
        ["-p", "--resume", sessionId, .. Common, .. ctx.Task.ExtraArgs], prompt);

    public IReadOnlyList<string> SessionFiles(AgentContext ctx, string sessionId) =>
        ResumeReadiness.ClaudeTranscript(ctx.Environment, ResumeReadiness.Home(ctx.Environment), ctx.Task.ProjectDir, sessionId) is { } t ? [t] : [];

    public TranscriptLine? Describe(JsonElement e) => ClaudeTranscript.Describe(e);

    /// <summary>The <c>result</c> event: its <c>usage</c> (input_tokens excludes the cache: cache_creation_input_tokens and
    /// cache_read_input_tokens are added, the latter is the cached part) and <c>total_cost_usd</c>, both for this run alone
    /// (a resumed run reports only its own).</summary>
    public Spend.Usage? UsageIn(JsonElement e)
    {
        if (AgentOutputParser.Str(e, "type") != "result") return null;
        var u = AgentOutputParser.Obj(e, "usage");
        var cached = u is { } c ? AgentOutputParser.Long(c, "cache_read_input_tokens") : null;
        var input = u is { } i ? AgentOutputParser.Plus(AgentOutputParser.Long(i, "input_tokens"), AgentOutputParser.Long(i, "cache_creation_input_tokens"), cached) : null;
        var usage = new Spend.Usage(input, cached, u is { } o ? AgentOutputParser.Long(o, "output_tokens") : null, AgentOutputParser.Decimal(e, "total_cost_usd"));
        return usage.IsEmpty ? null : usage;
    }

    public AgentOutputParser NewParser(AgentContext ctx) => new Parser();

    private sealed class Parser : AgentOutputParser
    {
        protected override void OnEvent(JsonElement e)
        {
            var type = Str(e, "type");
            if (type == "system" && Str(e, "subtype") == "init")
            {
                Facts.ReportedId = Str(e, "session_id");
                Facts.SessionId ??= Facts.ReportedId;
            }
            if (type == "assistant" && Obj(e, "message") is { } m && !m.TryGetProperty("error", out _) && !e.TryGetProperty("error", out _)) Facts.Answered = true;
            if (type == "rate_limit_event" && Obj(e, "rate_limit_info") is { } info) Facts.LimitResetsAt = RejectedUntil(info);
            if (type != "result") return;
            if (Bool(e, "is_error") != true)
            {
                Facts.Answered = true;
                Terminal(TerminalEvent.Finished);
                return;
            }
            var said = Str(e, "result") ?? FirstError(e) ?? Str(e, "subtype");
            if (said?.Contains("No conversation found with session ID") == true) Facts.SessionMissing = true;
            Terminal(new TerminalEvent(false, said, Int(e, "api_error_status"))
            {
                // "Prompt is too long" from the API, or Claude's own check before sending ("blocking_limit").
                Handoff = Str(e, "terminal_reason") is "prompt_too_long" or "blocking_limit" ? ConversationErrors.PastContextWindow : null,
            });
        }

        /// <summary>A result without a text of its own names its failure in <c>errors</c> ("No conversation found …").</summary>
        private static string? FirstError(JsonElement result) =>
            result.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
                && list[0].ValueKind == JsonValueKind.String ? list[0].GetString() : null;

        /// <summary>{"status":"rejected","resetsAt":1796416391,"rateLimitType":"five_hour",…}: when the exhausted limit resets.</summary>
        private static DateTimeOffset? RejectedUntil(JsonElement info) =>
            Str(info, "status") == "rejected" && info.TryGetProperty("resetsAt", out var at) && at.ValueKind == JsonValueKind.Number
                && at.TryGetInt64(out var seconds) && seconds is > 0 and < 253402300800
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;

        protected override void OnStderr(string line)
        {
            if (line.Contains("No conversation found with session ID")) Facts.SessionMissing = true;
            if (line.Contains("cannot be used with root/sudo privileges"))
            {
                // As root Claude refuses to skip permission prompts unless told it runs in a sandbox.
                Facts.UsageError = true;
                Facts.UsageMessage = "claude refuses --dangerously-skip-permissions as root; start the task with IS_SANDBOX=1 if this machine is a sandbox";
            }
        }
    }
}
