using System.Text.Json;
using System.Text.RegularExpressions;
using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Agents;

/// <summary>GitHub Copilot CLI: prompt mode with JSONL output, the prompt on stdin (a piped stdin is the prompt), every
/// tool allowed and no self-update. Copilot prints the session id only in its last event (<c>result</c>), so Shepherd
/// chooses it (<c>--session-id</c>, which creates the session when it is missing and resumes it when it exists) and
/// stores it when the attempt begins; the same command resumes once the session's state exists. Verdict: the
/// <c>session.error</c> event (<c>errorType</c>, <c>statusCode</c>; Copilot has retried 5 times by then, also on
/// <c>assistant.turn_retry</c>) and <c>result.exitCode</c>. A turn cancelled by a signal still ends with
/// <c>exitCode: 0</c>, after <c>assistant.idle</c> with <c>aborted: true</c>.</summary>
public sealed partial class CopilotAdapter : IAgentAdapter
{
    private static readonly string[] Common = ["--output-format", "json", "--allow-all-tools", "--no-auto-update"];

    /// <summary>The terminal message of a turn that was cancelled rather than failed.</summary>
    private const string Cancelled = "the turn was cancelled (assistant.idle aborted)";

    public string Name => "copilot";

    public string TurnEndEvent => "result";

    public AgentLaunch Start(AgentContext ctx) => AgentLaunch.WithChosenId(Common, ctx);

    public AgentLaunch Resume(AgentContext ctx, string sessionId, byte[] prompt) => AgentLaunch.Resuming(Common, "--session-id", ctx, sessionId, prompt);

    /// <summary>Resumed only once Copilot has written the session's state (else the same command would start an empty
    /// session under the old id: the prompt runs again under a new one instead).</summary>
    public bool CanResume(AgentContext ctx, string sessionId) =>
        ResumeReadiness.CopilotSession(ctx.Environment, ResumeReadiness.Home(ctx.Environment), sessionId) is not null;

    public Verdict Classify(ExitStatus exit, AgentRunFacts facts) =>
        exit.Signal is null && facts.Last is { Success: false, Message: Cancelled }
            ? new(AttemptOutcome.Retryable, $"{Cancelled} (exit {exit.Code})")
            : ExitClassifier.Classify(exit, facts, TurnEndEvent);

    /// <summary>The session's state directory (<c>events.jsonl</c>, <c>workspace.yaml</c>, checkpoints): all a resume reads.</summary>
    public IReadOnlyList<string> SessionFiles(AgentContext ctx, string sessionId) =>
        ResumeReadiness.CopilotSession(ctx.Environment, ResumeReadiness.Home(ctx.Environment), sessionId) is { } events
            ? [Path.GetDirectoryName(events)!]
            : [];

    public TranscriptLine? Describe(JsonElement e) => CopilotTranscript.Describe(e);

    public AgentOutputParser NewParser(AgentContext ctx) => new Parser();

    private sealed class Parser : AgentOutputParser
    {
        private bool _aborted;

        protected override void OnEvent(JsonElement e)
        {
            var data = Obj(e, "data");
            switch (Str(e, "type"))
            {
                case "session.error" when data is { } d:
                    var message = Str(d, "message");
                    Terminal(new TerminalEvent(false, message ?? Str(d, "errorType"), Int(d, "statusCode") ?? Status(Str(d, "errorType"), message) ?? NoStatus));
                    break;
                case "assistant.message" when data is { } d && (Str(d, "content") is { Length: > 0 } || ToolRequests(d)):
                    Facts.Answered = true;
                    break;
                case "assistant.idle" when data is { } d:
                    _aborted = Bool(d, "aborted") == true;
                    break;
                case "result":
                    // The only event that names the conversation: for a resume, the one Copilot continued.
                    Facts.ReportedId = Str(e, "sessionId");
                    Facts.SessionId ??= Facts.ReportedId;
                    if (Int(e, "exitCode") == 0 && !_aborted)
                    {
                        Facts.Answered = true;
                        Terminal(TerminalEvent.Finished);
                    }
                    else if (Facts.Last is not { Success: false }) Terminal(new TerminalEvent(false, _aborted ? Cancelled : $"exitCode {Int(e, "exitCode")}"));
                    break;
            }
        }

        private static bool ToolRequests(JsonElement data) =>
            data.TryGetProperty("toolRequests", out var t) && t.ValueKind == JsonValueKind.Array && t.GetArrayLength() > 0;

        /// <summary>Not a status: keeps the shared rules from reading one out of the whole message.</summary>
        private const int NoStatus = 0;

        /// <summary>The status an error without <c>statusCode</c> implies: its category, else a status in its text once the
        /// retry summary ("total retry wait time: 401.5 seconds") is taken out.</summary>
        private static int? Status(string? errorType, string? message) => errorType switch
        {
            "authentication" => 401,
            "authorization" => 403,
            "rate_limit" => 429,
            _ => ErrorPatterns.Status(message is null ? null : RetrySummary().Replace(message, "")),
        };

        protected override void OnStderr(string line)
        {
            if (line.StartsWith("Error: No session or task matched", StringComparison.Ordinal)) Facts.SessionMissing = true;
        }
    }

    [GeneratedRegex(@"\(total retry wait time: [^)]*\)")]
    private static partial Regex RetrySummary();
}
