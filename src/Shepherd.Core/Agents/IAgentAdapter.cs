using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Agents;

/// <summary>Everything Shepherd knows about one agent CLI: how to start and resume it, where its session
/// id appears, and how to read its exit.</summary>
public interface IAgentAdapter
{
    string Name { get; }

    /// <summary>A new conversation with the original prompt.</summary>
    AgentLaunch Start(AgentContext ctx);

    /// <summary>Continues conversation <paramref name="sessionId"/> with <paramref name="prompt"/>.</summary>
    AgentLaunch Resume(AgentContext ctx, string sessionId, string prompt);

    /// <summary>False when the stored id cannot be resumed (Pi: its session file was never written), so the
    /// original prompt must run again.</summary>
    bool CanResume(AgentContext ctx, string sessionId) => true;

    /// <summary>Asks the agent's own records for the session id when its output never showed one (OpenCode
    /// prints its first event only after the first model chunk). Null when there is no such fallback.</summary>
    string? FindSessionId(AgentContext ctx, string executable, IReadOnlyDictionary<string, string> env) => null;

    /// <summary>Reads the agent's output lines as they arrive.</summary>
    AgentOutputParser NewParser(AgentContext ctx);
}

/// <summary>What an adapter needs to build a command line.</summary>
public sealed record AgentContext(TaskRecord Task, string TaskDir, byte[] PromptBytes)
{
    public string Prompt => System.Text.Encoding.UTF8.GetString(PromptBytes);
}

/// <summary>The agent's argv (without the executable) and what goes to its stdin (null: /dev/null).</summary>
public sealed record AgentLaunch(IReadOnlyList<string> Arguments, byte[]? Stdin);
