using System.Text.Json;
using System.Text.RegularExpressions;
using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Agents;

/// <summary>Gemini CLI: headless because its stdin is a pipe (it reads the prompt from there, no <c>-p</c>), stream-json
/// events. Shepherd chooses the session id (<c>--session-id</c>, stored when the attempt begins); the <c>init</c> event
/// confirms it. Resume is <c>--resume &lt;uuid&gt;</c> from the original directory (Gemini keeps chats per project), and only
/// once the chat holds a prompt. Verdict: the <c>result</c> event (<c>status</c> success or error) and the exit code, which
/// after an API error is the HTTP status mod 256 (173 for 429, 144 for 400, 244 for 500) and otherwise one of Gemini's fatal
/// codes (docs/design.md, "Verdicts").</summary>
public sealed partial class GeminiAdapter : IAgentAdapter
{
    private static readonly string[] Common = ["-o", "stream-json", "--skip-trust", "--approval-mode", "yolo"];

    public string Name => "gemini";

    public string TurnEndEvent => "result";

    public AgentLaunch Start(AgentContext ctx) => AgentLaunch.WithChosenId(Common, ctx);

    public AgentLaunch Resume(AgentContext ctx, string sessionId, byte[] prompt) => AgentLaunch.Resuming(Common, "--resume", ctx, sessionId, prompt);

    /// <summary>The id is stored before Gemini has written anything; its chat counts as one only once the prompt is in it
    /// (Gemini refuses to resume a chat of its start-up context alone, and its cleanup deletes such a file). Otherwise
    /// the prompt runs again under a new id (an id cannot be given to <c>--session-id</c> twice).</summary>
    public bool CanResume(AgentContext ctx, string sessionId) =>
        GeminiChats.Find(ctx.Environment, ctx.Task.ProjectDir, sessionId) is not null;

    /// <summary>The chat file that holds the conversation (only once it holds a prompt: what a resume needs).</summary>
    public IReadOnlyList<string> SessionFiles(AgentContext ctx, string sessionId) =>
        GeminiChats.Find(ctx.Environment, ctx.Task.ProjectDir, sessionId) is { } chat ? [chat] : [];

    public TranscriptLine? Describe(JsonElement e) => GeminiTranscript.Describe(e);

    /// <summary>The last <c>result</c> event's <c>stats</c>: <c>input_tokens</c> (the prompt, cache included), <c>cached</c>,
    /// <c>output_tokens</c>, for this run over every model it called (its routing and summary calls too); no cost.</summary>
    public Spend.Usage? UsageIn(JsonElement e)
    {
        if (AgentOutputParser.Str(e, "type") != "result" || AgentOutputParser.Obj(e, "stats") is not { } s) return null;
        var usage = new Spend.Usage(AgentOutputParser.Long(s, "input_tokens"), AgentOutputParser.Long(s, "cached"), AgentOutputParser.Long(s, "output_tokens"), null);
        return usage.IsEmpty ? null : usage;
    }

    public AgentOutputParser NewParser(AgentContext ctx) => new Parser();

    public Verdict Classify(ExitStatus exit, AgentRunFacts facts)
    {
        if (exit.Code is { } code && code != 0 && !facts.SessionMissing)
        {
            // 53, 54 and 130 print a result error first, the others their reason on stderr.
            if (Fatal(code, facts.Last is { Success: false } said ? said.Message : facts.UsageMessage) is { } fatal) return fatal;
            if (facts.Last is { Success: false } error)
                return ExitClassifier.Error(error with { Status = error.Status ?? HttpStatus(code) }, exit, facts);
        }
        return ExitClassifier.Classify(exit, facts, TurnEndEvent);
    }

    /// <summary>On an API error Gemini exits with <c>process.exit(status)</c>, which the kernel keeps mod 256: 144–255 are
    /// 400–511 (144–159 are not signals here, and the agent's own result event says it was an error).</summary>
    public static int? HttpStatus(int exitCode) => exitCode is >= 144 and <= 255 ? exitCode + 256 : null;

    /// <summary>Gemini's FatalError codes (exit-codes.ts): each is a condition a resume cannot change, except a tool that
    /// found the disk full (the one fatal tool error, NO_SPACE_LEFT), which may pass, and a cancelled turn.</summary>
    private static Verdict? Fatal(int code, string? said)
    {
        var why = said is { Length: > 0 } ? ": " + Printable.Escape(said, 200) : "";
        return code switch
        {
            41 => new(AttemptOutcome.NonRetryable, $"authentication failed (exit 41){why}"),
            42 => new(AttemptOutcome.NonRetryable, $"input rejected (exit 42){why}"),
            44 => new(AttemptOutcome.NonRetryable, $"sandbox error (exit 44){why}"),
            52 => new(AttemptOutcome.NonRetryable, $"configuration error (exit 52){why}"),
            53 => new(AttemptOutcome.NonRetryable, $"turn limit reached (exit 53: maxSessionTurns in settings.json){why}"),
            54 => new(AttemptOutcome.Retryable, $"a tool failed fatally (exit 54: no space left){why}"),
            55 => new(AttemptOutcome.NonRetryable, $"untrusted workspace (exit 55){why}"),
            130 => new(AttemptOutcome.Retryable, $"turn cancelled (exit 130){why}"),
            _ => null,
        };
    }

    private sealed partial class Parser : AgentOutputParser
    {
        protected override void OnEvent(JsonElement e)
        {
            switch (Str(e, "type"))
            {
                case "init":
                    Facts.ReportedId = Str(e, "session_id");
                    Facts.SessionId ??= Facts.ReportedId;
                    break;
                case "result" when Str(e, "status") == "success":
                    // Only a finished turn counts as an answer: Gemini drops a turn that failed with an API error from its
                    // chat, replies and all, so a follow-up it had begun to answer must still be given back.
                    Facts.Answered = true;
                    Terminal(TerminalEvent.Finished);
                    break;
                case "result":
                    var err = Obj(e, "error");
                    Terminal(new TerminalEvent(false, err is { } m ? Str(m, "message") ?? Str(m, "type") : Str(e, "status")));
                    break;
            }
        }

        protected override void OnStderr(string line)
        {
            var text = Ansi().Replace(line, "").TrimEnd();
            // "Invalid session identifier …", or "No previous sessions found for this project." (exit 42)
            if (text.StartsWith("Error resuming session: ", StringComparison.Ordinal)) Facts.SessionMissing = true;
            // The first line of its own that says what went wrong: the reason for a fatal exit (41, 42, 52…).
            if (Facts.UsageMessage is null && Complaint().IsMatch(text) && !text.StartsWith("Attempt ", StringComparison.Ordinal))
                Facts.UsageMessage = text;
        }

        [GeneratedRegex(@"\x1b\[[0-9;]*m")]
        private static partial Regex Ansi();

        // A sentence at the start of a line (not a stack frame, a JSON dump or a "[Routing]" note) that complains.
        [GeneratedRegex(@"^(?=[A-Z])[^\n]*?\b(?i:error|invalid|must|cannot|unknown|not found|failed|denied|untrusted|already exists)\b")]
        private static partial Regex Complaint();
    }
}
