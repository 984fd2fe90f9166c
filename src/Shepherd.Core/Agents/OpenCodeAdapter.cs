using System.Text.Json;

namespace Shepherd.Agents;

/// <summary>OpenCode: <c>opencode run --format json</c> with the prompt on stdin and a title Shepherd chooses
/// (no extra title-generation call). Every event carries the <c>ses_…</c> id; resume passes <c>--dir</c>
/// because run from another directory it hangs.</summary>
public sealed class OpenCodeAdapter(TimeProvider clock) : IAgentAdapter
{
    public string Name => "opencode";

    public static string Title(AgentContext ctx) => $"shepherd-{ctx.Task.Name}-{ctx.Task.Id}";

    public AgentLaunch Start(AgentContext ctx) => new(
        ["run", "--format", "json", "--title", Title(ctx), .. ctx.Task.ExtraArgs],
        ctx.PromptBytes);

    public AgentLaunch Resume(AgentContext ctx, string sessionId, string prompt) => new(
        ["run", "--format", "json", "--session", sessionId, "--dir", ctx.Task.ProjectDir, .. ctx.Task.ExtraArgs, prompt], null);

    public AgentOutputParser NewParser(AgentContext ctx) => new Parser(clock);

    private sealed class Parser(TimeProvider clock) : AgentOutputParser(clock)
    {
        protected override void OnJson(JsonElement e)
        {
            if (Str(e, "sessionID") is { } id && id.StartsWith("ses_")) Facts.SessionId ??= id;
            if (Str(e, "type") != "error" || Obj(e, "error") is not { } err) return;
            var data = Obj(err, "data");
            bool? retryable = data is { } d && d.TryGetProperty("isRetryable", out var r) &&
                              r.ValueKind is JsonValueKind.True or JsonValueKind.False ? r.GetBoolean() : null;
            ReportError(data is { } dm ? Str(dm, "message") : Str(err, "name"), data is { } ds ? Int(ds, "statusCode") : null, retryable);
        }

        protected override void OnText(string line, bool fromStderr)
        {
            base.OnText(line, fromStderr);
            if (fromStderr && line.Contains("Session not found")) Facts.SessionMissing = true;
        }
    }
}
