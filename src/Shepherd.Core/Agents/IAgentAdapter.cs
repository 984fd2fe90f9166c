using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Agents;

/// <summary>Everything Shepherd knows about one agent CLI: how to start and resume it, where its session id
/// appears, and how to read its exit.</summary>
public interface IAgentAdapter
{
    string Name { get; }

    /// <summary>A new conversation with the original prompt.</summary>
    AgentLaunch Start(AgentContext ctx);

    /// <summary>Continues conversation <paramref name="sessionId"/>; the prompt goes on stdin (never argv, where
    /// <c>ps</c> shows it and Linux caps one word at 128 KiB).</summary>
    AgentLaunch Resume(AgentContext ctx, string sessionId, byte[] prompt);

    /// <summary>False when the stored id cannot be resumed (Pi: its session file was never written), so the
    /// original prompt must run again.</summary>
    bool CanResume(AgentContext ctx, string sessionId) => true;

    /// <summary>The agent's own command (argv without the executable) that lists its sessions, for when its output never
    /// showed the id (OpenCode prints its first event only after the first model chunk); null when there is none. It
    /// runs in the project directory with the task's environment, for at most <see cref="SessionListTimeout"/>.</summary>
    IReadOnlyList<string>? SessionListArguments => null;

    TimeSpan SessionListTimeout => TimeSpan.FromSeconds(40);

    /// <summary>This task's session id in the output of <see cref="SessionListArguments"/>, or null.</summary>
    string? PickSession(AgentContext ctx, string output) => null;

    /// <summary>The agent's own files that hold conversation <paramref name="sessionId"/> (files or directories), as
    /// they are now: what a snapshot copies. Empty when the agent keeps no such file Shepherd can copy.</summary>
    IReadOnlyList<string> SessionFiles(AgentContext ctx, string sessionId) => [];

    /// <summary>The id a resume of <paramref name="sessionId"/> must report (in its own events) to prove it continued
    /// that conversation; null when the agent reports none Shepherd can compare.</summary>
    string? ExpectedReportedId(AgentContext ctx, string sessionId) => sessionId;

    /// <summary>One of the agent's events in a person's words (its messages, the commands and tools it ran, errors, a
    /// turn's end), or null for events a person does not need to see.</summary>
    TranscriptLine? Describe(System.Text.Json.JsonElement e) => null;

    /// <summary>The agent's output is events that <see cref="Describe"/> reads, so an event it returns null for is left out of
    /// the transcript. False (custom agents): every line is shown as printed.</summary>
    bool HasTranscript => true;

    /// <summary>The parser knows when the agent answered its prompt (custom agents: no).</summary>
    bool TracksAnswers => true;

    /// <summary>The agent keeps a prompt it never answered in the conversation, and a resume carries it (all seven built-in
    /// agents do; Qwen Code 0.24.4 too, though agents.md said it drops it: docs/agents-found.md §10). An agent that drops it
    /// is sent that prompt again instead of "continue".</summary>
    bool KeepsUnansweredPrompt => true;

    /// <summary>Reads the agent's output lines as they arrive.</summary>
    AgentOutputParser NewParser(AgentContext ctx);

    /// <summary>The event the agent prints at the end of every turn, finished or failed: an exit 0 without it means the
    /// turn was cut short (retried by resuming; see docs/design.md, "Verdicts").</summary>
    string TurnEndEvent { get; }

    /// <summary>The tokens and cost one of the agent's events reports, or null (most events report none): the hook every
    /// adapter implements to report spend (docs/design.md, "Usage"). Figures are the event's own — a step's, a message's,
    /// a run's — and Shepherd sums them over the attempt, unless <see cref="UsageIsConversationTotal"/>. Leave a field
    /// null when the agent does not report it (never 0 for "unknown"); <see cref="Spend.Usage.InputTokens"/> includes
    /// cached input. Called for every stdout event, on the reading thread: check the event's type first.</summary>
    Spend.Usage? UsageIn(System.Text.Json.JsonElement e) => null;

    /// <summary>The agent's usage events carry the conversation's running total, carried over on a resume (Codex's
    /// <c>turn.completed.usage</c>): an attempt's own figures are its last total less the total its conversation had
    /// reached before it.</summary>
    bool UsageIsConversationTotal => false;

    /// <summary>The verdict on one run, from its exit and the agent's own protocol.</summary>
    Verdict Classify(ExitStatus exit, AgentRunFacts facts) => ExitClassifier.Classify(exit, facts, TurnEndEvent);
}

/// <summary>What an adapter needs to build a command line; <see cref="Environment"/> is the task's (where the agent
/// keeps its sessions: HOME, CLAUDE_CONFIG_DIR, CODEX_HOME…).</summary>
public sealed record AgentContext(TaskRecord Task, string TaskDir, byte[] PromptBytes)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}

/// <summary>The agent's argv (without the executable) and what goes to its stdin (null: /dev/null).
/// <see cref="SessionId"/> is the conversation's id when Shepherd chose it for a new one (Claude's <c>--session-id</c>,
/// Pi's session file): it is stored when the attempt begins.</summary>
public sealed record AgentLaunch(IReadOnlyList<string> Arguments, byte[]? Stdin, string? SessionId = null)
{
    /// <summary>A start of a CLI that takes its conversation's id from Shepherd (<c>COMMON --session-id ID EXTRA…</c>): the
    /// id is chosen here and stored before the agent runs.</summary>
    public static AgentLaunch WithChosenId(IReadOnlyList<string> common, AgentContext ctx)
    {
        var id = Guid.NewGuid().ToString();
        return new([.. common, "--session-id", id, .. ctx.Task.ExtraArgs], ctx.PromptBytes, id);
    }

    /// <summary>A resume of conversation <paramref name="sessionId"/>: <c>COMMON RESUME-FLAG ID EXTRA…</c>.</summary>
    public static AgentLaunch Resuming(IReadOnlyList<string> common, string flag, AgentContext ctx, string sessionId, byte[] prompt) =>
        new([.. common, flag, sessionId, .. ctx.Task.ExtraArgs], prompt);
}
