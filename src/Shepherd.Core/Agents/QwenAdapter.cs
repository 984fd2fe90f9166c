using System.Text.Json;
using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Agents;

/// <summary>Qwen Code: a one-shot headless run with stream-json, the prompt on stdin (with no argv prompt it reads a
/// non-TTY stdin to its end) and every tool allowed. Shepherd chooses the session id (<c>--session-id</c>) and stores it
/// when the attempt begins; <c>system/init</c> confirms it. Resume (<c>--resume ID</c>) runs in the original directory,
/// where Qwen keeps the chat, and only once the chat file exists. Verdict: Claude's shape — the <c>result</c> event's
/// <c>is_error</c> and <c>error.message</c> ("[API Error: 429 …]"); <c>system/retry</c> events are Qwen retrying by
/// itself. Its own exits: 42 bad input, 44 sandbox, 52 config, 53 turn limit, 55 a run budget the user set
/// (<c>--max-wall-time</c>, <c>--max-tool-calls</c>; said only on stderr) — none of them is retried.</summary>
public sealed class QwenAdapter : IAgentAdapter
{
    private static readonly string[] Common = ["-o", "stream-json", "--yolo"];

    public string Name => "qwen";

    public string TurnEndEvent => "result";

    public AgentLaunch Start(AgentContext ctx) => AgentLaunch.WithChosenId(Common, ctx);

    public AgentLaunch Resume(AgentContext ctx, string sessionId, byte[] prompt) => AgentLaunch.Resuming(Common, "--resume", ctx, sessionId, prompt);

    /// <summary>Qwen writes the chat when the turn begins; before that the id was never used, and the prompt runs again
    /// under a new one (an id cannot be given to <c>--session-id</c> twice).</summary>
    public bool CanResume(AgentContext ctx, string sessionId) =>
        ResumeReadiness.QwenChat(ctx.Environment, ResumeReadiness.Home(ctx.Environment), ctx.Task.ProjectDir, sessionId) is not null;

    public Verdict Classify(ExitStatus exit, AgentRunFacts facts) => exit.Code switch
    {
        55 => new(AttemptOutcome.NonRetryable, $"qwen's run budget is spent (exit 55){Said(facts)}"),
        53 => new(AttemptOutcome.NonRetryable, $"qwen's session turn limit is reached (exit 53){Said(facts)}"),
        42 or 44 or 52 => new(AttemptOutcome.NonRetryable, $"qwen refused its input or configuration (exit {exit.Code}){Said(facts)}"),
        _ when facts.Last?.Message?.StartsWith(OAuthGone, StringComparison.Ordinal) == true =>
            new(AttemptOutcome.NonRetryable, "authentication refused: the Qwen OAuth free tier is discontinued; configure another provider"),
        _ => ExitClassifier.Classify(exit, facts, TurnEndEvent),
    };

    private const string OAuthGone = "Qwen OAuth free tier has been discontinued";

    private static string Said(AgentRunFacts facts) =>
        (facts.Last?.Message ?? facts.UsageMessage) is { Length: > 0 } m ? ": " + Printable.Escape(m, 160) : "";

    public IReadOnlyList<string> SessionFiles(AgentContext ctx, string sessionId) =>
        ResumeReadiness.QwenChat(ctx.Environment, ResumeReadiness.Home(ctx.Environment), ctx.Task.ProjectDir, sessionId) is { } chat ? [chat] : [];

    public TranscriptLine? Describe(JsonElement e) => QwenTranscript.Describe(e);

    // KeepsUnansweredPrompt stays true: agents.md says Qwen drops a prompt killed before any reply, but 0.24.4 headless
    // resumed it every time (docs/agents-found.md §10; E2E Qwen.C2 and C6 check the prompt reaches the model once).

    /// <summary>A resumed Qwen replays the chat's telemetry before its turn (<c>replayUiTelemetryFromConversation</c>), so
    /// its result's usage is the conversation's total: 30160 then 60508 input tokens over two one-call attempts.</summary>
    public bool UsageIsConversationTotal => true;

    /// <summary>The <c>result</c> event's <c>usage</c>, the conversation's total so far (Claude's shape, OpenAI's meaning:
    /// <c>input_tokens</c> includes <c>cache_read_input_tokens</c>); no cost. The <c>assistant</c> events' usage is per
    /// call and not counted.</summary>
    public Spend.Usage? UsageIn(JsonElement e)
    {
        if (AgentOutputParser.Str(e, "type") != "result" || AgentOutputParser.Obj(e, "usage") is not { } u) return null;
        var usage = new Spend.Usage(AgentOutputParser.Long(u, "input_tokens"), AgentOutputParser.Long(u, "cache_read_input_tokens"), AgentOutputParser.Long(u, "output_tokens"), null);
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
            // Qwen reports an API error as an assistant message too ("[API Error: 500 …]"): that is no answer.
            if (type == "assistant" && Obj(e, "message") is { } m && !(ContentText(m)?.StartsWith("[API Error", StringComparison.Ordinal) ?? false))
                Facts.Answered = true;
            if (type != "result") return;
            if (Bool(e, "is_error") != true)
            {
                Facts.Answered = true;
                Terminal(TerminalEvent.Finished);
                return;
            }
            var said = (Obj(e, "error") is { } err ? Str(err, "message") : null) ?? Str(e, "subtype");
            if (said?.Contains("No saved session found with ID", StringComparison.Ordinal) == true) Facts.SessionMissing = true;
            Terminal(new TerminalEvent(false, said));
        }

        protected override void OnStderr(string line)
        {
            if (line.StartsWith("No saved session found with ID", StringComparison.Ordinal)) Facts.SessionMissing = true;
            // "Run aborted: wall-clock budget of 3s exceeded (--max-wall-time)." — exit 55 with no result event.
            if (line.StartsWith("Run aborted:", StringComparison.Ordinal)) Terminal(new TerminalEvent(false, line, Retryable: false));
            if (line.StartsWith("Unknown arguments:", StringComparison.Ordinal) || line.Contains("already exists (active or archived)"))
            {
                Facts.UsageError = true;
                Facts.UsageMessage ??= line;
            }
        }
    }
}
