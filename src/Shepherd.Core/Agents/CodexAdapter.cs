using System.Text.Json;

namespace Shepherd.Agents;

/// <summary>OpenAI Codex CLI: <c>codex exec --json … -</c> reads the prompt from stdin; the thread id is the
/// first JSONL event (<c>thread.started</c>); resume is <c>codex exec resume ID PROMPT</c> from any directory.</summary>
public sealed class CodexAdapter(TimeProvider clock) : IAgentAdapter
{
    public string Name => "codex";

    public AgentLaunch Start(AgentContext ctx) => new(
        ["exec", "--json", "--skip-git-repo-check", "-s", "workspace-write", .. ctx.Task.ExtraArgs, "-"],
        ctx.PromptBytes);

    public AgentLaunch Resume(AgentContext ctx, string sessionId, string prompt) => new(
        ["exec", "resume", "--json", "--skip-git-repo-check", .. ctx.Task.ExtraArgs, sessionId, prompt], null);

    public AgentOutputParser NewParser(AgentContext ctx) => new Parser(clock);

    private sealed class Parser(TimeProvider clock) : AgentOutputParser(clock)
    {
        protected override void OnJson(JsonElement e)
        {
            switch (Str(e, "type"))
            {
                case "thread.started":
                    Facts.SessionId ??= Str(e, "thread_id");
                    break;
                case "error":
                    ReportError(Str(e, "message"));
                    break;
                case "turn.failed":
                    ReportError(Obj(e, "error") is { } err ? Str(err, "message") : null);
                    break;
            }
        }

        protected override void OnText(string line, bool fromStderr)
        {
            base.OnText(line, fromStderr);
            if (fromStderr && line.Contains("no rollout found")) Facts.SessionMissing = true;
        }
    }
}
