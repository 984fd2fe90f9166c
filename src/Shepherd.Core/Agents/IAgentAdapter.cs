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

    /// <summary>Asks the agent's own records for the session id when its output never showed one (OpenCode
    /// prints its first event only after the first model chunk). Null when there is no such fallback.</summary>
    string? FindSessionId(AgentContext ctx, string executable, IReadOnlyDictionary<string, string> env, ICommandRunner commands) => null;

    /// <summary>True when <see cref="FindSessionId"/> can ask the agent's records.</summary>
    bool HasSessionLookup => false;

    /// <summary>Reads the agent's output lines as they arrive.</summary>
    AgentOutputParser NewParser(AgentContext ctx);

    /// <summary>The verdict on one run, from its exit and the agent's own protocol.</summary>
    Verdict Classify(ExitStatus exit, AgentRunFacts facts) => ExitClassifier.Classify(exit, facts);
}

/// <summary>What an adapter needs to build a command line.</summary>
public sealed record AgentContext(TaskRecord Task, string TaskDir, byte[] PromptBytes);

/// <summary>The agent's argv (without the executable) and what goes to its stdin (null: /dev/null).</summary>
public sealed record AgentLaunch(IReadOnlyList<string> Arguments, byte[]? Stdin);
