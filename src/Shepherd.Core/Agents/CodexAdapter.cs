using System.Text.Json;

namespace Shepherd.Agents;

/// <summary>OpenAI Codex CLI: <c>codex exec --json … -</c> reads the prompt from stdin; the thread id is the first
/// JSONL event (<c>thread.started</c>). Resume keeps the exec-level options, the sandbox above all, before
/// <c>resume</c>: <c>codex exec resume</c> without <c>-s</c> switches the conversation to read-only, and options
/// only <c>exec</c> accepts are a usage error after <c>resume</c>. Verdict: <c>turn.completed</c>,
/// <c>turn.failed</c> and <c>error</c> events, the last one counting.</summary>
public sealed class CodexAdapter : IAgentAdapter
{
    public string Name => "codex";

    public string TurnEndEvent => "turn.completed or turn.failed";

    private static string[] ExecOptions(AgentContext ctx) =>
        ["exec", "--json", "--skip-git-repo-check", "-s", "workspace-write", .. ctx.Task.ExtraArgs];

    public AgentLaunch Start(AgentContext ctx) => new([.. ExecOptions(ctx), "-"], ctx.PromptBytes);

    public AgentLaunch Resume(AgentContext ctx, string sessionId, byte[] prompt) =>
        new([.. ExecOptions(ctx), "resume", sessionId, "-"], prompt);

    public IReadOnlyList<string> SessionFiles(AgentContext ctx, string sessionId) =>
        ResumeReadiness.CodexRollout(ctx.Environment, ResumeReadiness.Home(ctx.Environment), sessionId) is { } rollout ? [rollout] : [];

    public TranscriptLine? Describe(JsonElement e) => CodexTranscript.Describe(e);

    /// <summary><c>turn.completed.usage</c>: input (cached included), cached input, output; no cost. It is the thread's
    /// running total, carried over by <c>exec resume</c> (seen: 10077 then 20298 input tokens over two turns).</summary>
    public Spend.Usage? UsageIn(JsonElement e) =>
        AgentOutputParser.Str(e, "type") == "turn.completed" && AgentOutputParser.Obj(e, "usage") is { } u
            ? new(AgentOutputParser.Long(u, "input_tokens"), AgentOutputParser.Long(u, "cached_input_tokens"), AgentOutputParser.Long(u, "output_tokens"))
            : null;

    public bool UsageIsConversationTotal => true;

    public AgentOutputParser NewParser(AgentContext ctx) => new Parser();

    private sealed class Parser : AgentOutputParser
    {
        protected override void OnEvent(JsonElement e)
        {
            switch (Str(e, "type"))
            {
                case "thread.started":
                    Facts.ReportedId = Str(e, "thread_id");
                    Facts.SessionId ??= Facts.ReportedId;
                    break;
                case "item.completed" when Obj(e, "item") is { } item && Str(item, "type") == "agent_message":
                    Facts.Answered = true;
                    break;
                case "turn.completed":
                    Facts.Answered = true;
                    Terminal(TerminalEvent.Finished);
                    break;
                case "turn.failed":
                    Terminal(new(false, Obj(e, "error") is { } err ? Str(err, "message") : null));
                    break;
                case "error":
                    Terminal(new(false, Str(e, "message")));
                    break;
            }
        }

        protected override void OnStderr(string line)
        {
            if (line.Contains("no rollout found")) Facts.SessionMissing = true;
        }
    }
}
