using System.Text.Json;

namespace Shepherd.Agents;

/// <summary>Pi coding agent: the resume handle is the session file Shepherd passes with <c>--session</c>.
/// Pi writes it only after the first assistant message, and on a missing file silently starts anew, so
/// a resume is only attempted when the file exists. API errors exit 0: <c>stopReason: "error"</c> tells.</summary>
public sealed class PiAdapter(TimeProvider clock) : IAgentAdapter
{
    public string Name => "pi";

    public static string SessionFile(AgentContext ctx) => Path.Combine(ctx.TaskDir, "pi-session.jsonl");

    public AgentLaunch Start(AgentContext ctx) => new(
        ["-p", "--mode", "json", "--session", SessionFile(ctx), .. ctx.Task.ExtraArgs],
        ctx.PromptBytes);

    public AgentLaunch Resume(AgentContext ctx, string sessionId, string prompt) => new(
        ["-p", "--mode", "json", "--session", sessionId, .. ctx.Task.ExtraArgs, prompt], null);

    public bool CanResume(AgentContext ctx, string sessionId) => File.Exists(sessionId);

    public AgentOutputParser NewParser(AgentContext ctx) => new Parser(clock, SessionFile(ctx));

    private sealed class Parser(TimeProvider clock, string sessionFile) : AgentOutputParser(clock)
    {
        protected override void OnJson(JsonElement e)
        {
            switch (Str(e, "type"))
            {
                case "session":
                    Facts.SessionId ??= sessionFile;
                    break;
                case "message_end" or "turn_end":
                    if (Obj(e, "message") is { } m && Str(m, "stopReason") == "error") ReportError(Str(m, "errorMessage"));
                    break;
                case "auto_retry_end":
                    if (e.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.False)
                        ReportError(Str(e, "finalError"));
                    break;
            }
        }
    }
}
