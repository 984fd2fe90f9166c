using System.Text.Json;

namespace Shepherd.Agents;

/// <summary>Pi coding agent: the resume handle is the session file Shepherd passes with <c>--session</c>. Pi writes it
/// only after the first assistant message, and on a missing file silently starts anew, so a resume is only
/// attempted when the file exists. API errors exit 0; the verdict is the last assistant <c>stopReason</c> of
/// <c>agent_end</c>, and <c>auto_retry_end</c> (Pi retries 5xx by itself: a later success clears the error); a
/// <c>compaction_start</c>/<c>compaction_end</c> for an overflow says the conversation is past the context window.</summary>
public sealed class PiAdapter : IAgentAdapter
{
    public string Name => "pi";

    public string TurnEndEvent => "agent_end";

    public static string SessionFile(AgentContext ctx) => Path.Combine(ctx.TaskDir, "pi-session.jsonl");

    /// <summary>The file of a new conversation: the task's first one is <c>pi-session.jsonl</c>; a later one (a handoff, or
    /// the first prompt again) gets a file of its own, so it never continues an earlier conversation's file nor is
    /// "restored" from that one's snapshots (kept by file name).</summary>
    private static string NewSessionFile(AgentContext ctx) =>
        File.Exists(SessionFile(ctx)) || Directory.Exists(Path.Combine(ctx.TaskDir, "snapshots"))
            ? Path.Combine(ctx.TaskDir, $"pi-session-{Guid.NewGuid().ToString("N")[..8]}.jsonl")
            : SessionFile(ctx);

    public AgentLaunch Start(AgentContext ctx)
    {
        var file = NewSessionFile(ctx);
        return new(["-p", "--mode", "json", "--session", file, .. ctx.Task.ExtraArgs], ctx.PromptBytes, file);
    }

    public AgentLaunch Resume(AgentContext ctx, string sessionId, byte[] prompt) => new(
        ["-p", "--mode", "json", "--session", sessionId, .. ctx.Task.ExtraArgs], prompt);

    public bool CanResume(AgentContext ctx, string sessionId) => File.Exists(sessionId);

    public IReadOnlyList<string> SessionFiles(AgentContext ctx, string sessionId) => File.Exists(sessionId) ? [sessionId] : [];

    /// <summary>Pi's handle is its session file; the conversation's own id is in the file's first line (its header:
    /// <c>{"type":"session","id":…}</c>), which a resume reports in its <c>session</c> event.</summary>
    public string? ExpectedReportedId(AgentContext ctx, string sessionId)
    {
        try
        {
            var first = File.ReadLines(sessionId).FirstOrDefault()?.Trim();
            if (string.IsNullOrEmpty(first)) return null;
            if (!first.StartsWith('{')) return first;
            using var doc = JsonDocument.Parse(first);
            return Str(doc.RootElement, "id");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { return null; }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public TranscriptLine? Describe(JsonElement e) => PiTranscript.Describe(e);

    /// <summary>Each assistant <c>message_end</c>: <c>message.usage</c> (<c>input</c> excludes <c>cacheRead</c> and
    /// <c>cacheWrite</c>, added back) and <c>usage.cost.total</c> (0 when Pi has no price for the model), per model call.</summary>
    public Spend.Usage? UsageIn(JsonElement e)
    {
        if (Str(e, "type") != "message_end" || AgentOutputParser.Obj(e, "message") is not { } m || Str(m, "role") != "assistant"
            || AgentOutputParser.Obj(m, "usage") is not { } u) return null;
        var cached = AgentOutputParser.Long(u, "cacheRead");
        var usage = new Spend.Usage(AgentOutputParser.Plus(AgentOutputParser.Long(u, "input"), cached, AgentOutputParser.Long(u, "cacheWrite")), cached,
            AgentOutputParser.Long(u, "output"), AgentOutputParser.Decimal(u, "cost.total"));
        return usage.IsEmpty ? null : usage;
    }

    /// <summary><paramref name="ctx"/>'s task carries the attempt's conversation (its session file).</summary>
    public AgentOutputParser NewParser(AgentContext ctx) => new Parser(ctx.Task.AgentSessionId ?? SessionFile(ctx));

    private sealed class Parser(string sessionFile) : AgentOutputParser
    {
        private JsonElement? _lastAssistant;

        protected override void OnEvent(JsonElement e)
        {
            switch (Str(e, "type"))
            {
                case "session":
                    Facts.ReportedId = Str(e, "id");
                    Facts.SessionId ??= sessionFile;
                    break;
                case "message_end":
                    if (Obj(e, "message") is { } m && Str(m, "role") is "assistant" or null)
                    {
                        _lastAssistant = m.Clone();
                        if (Str(m, "stopReason") is not ("error" or "aborted")) Facts.Answered = true;
                    }
                    break;
                case "agent_end":
                    Terminal(FromAssistant(LastAssistantOf(e) ?? _lastAssistant, Str(e, "stopReason")));
                    break;
                case "compaction_start" when Str(e, "reason") == "overflow" && Facts.Last is { Success: false } failed:
                    // Pi's own isContextOverflow read the failed turn as past the context window; in print mode it exits
                    // before the compaction ends.
                    Terminal(failed with { Handoff = ConversationErrors.PastContextWindow });
                    break;
                case "compaction_end" when Str(e, "reason") == "overflow" && Str(e, "errorMessage") is { } failure:
                    Terminal(new TerminalEvent(false, failure) { Handoff = ConversationErrors.PastContextWindow });
                    break;
                case "auto_retry_end":
                    Terminal(Bool(e, "success") == false ? new TerminalEvent(false, Str(e, "finalError")) : TerminalEvent.Finished);
                    break;
            }
        }

        private static JsonElement? LastAssistantOf(JsonElement agentEnd)
        {
            if (!agentEnd.TryGetProperty("messages", out var list) || list.ValueKind != JsonValueKind.Array) return null;
            JsonElement? last = null;
            foreach (var m in list.EnumerateArray())
                if (m.ValueKind == JsonValueKind.Object && Str(m, "role") == "assistant") last = m;
            return last?.Clone();
        }

        private static TerminalEvent FromAssistant(JsonElement? message, string? stopReason)
        {
            var reason = message is { } m ? Str(m, "stopReason") : stopReason;
            return reason is "error" or "aborted"
                ? new TerminalEvent(false, message is { } em ? Str(em, "errorMessage") ?? reason : reason)
                : TerminalEvent.Finished;
        }
    }
}
