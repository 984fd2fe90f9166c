using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Agents;

/// <summary>The supported agents, and where their executables are.</summary>
public static class AgentRegistry
{
    public static readonly string[] Names = ["codex", "claude", "opencode", "pi", "qwen", "copilot"];

    public static IAgentAdapter Get(string name) => name switch
    {
        "codex" => new CodexAdapter(),
        "claude" => new ClaudeAdapter(),
        "opencode" => new OpenCodeAdapter(),
        "pi" => new PiAdapter(),
        "qwen" => new QwenAdapter(),
        "copilot" => new CopilotAdapter(),
        _ => throw new UsageException($"unknown agent {Printable.Quote(name)}: use one of {string.Join(", ", Names)}"),
    };

    public static string BinaryVariable(string agent) => $"SHEPHERD_{agent.ToUpperInvariant()}_BIN";

    /// <summary>The agent's executable from SHEPHERD_&lt;AGENT&gt;_BIN or PATH in <paramref name="env"/>;
    /// null when there is none.</summary>
    public static string? FindExecutable(string agent, IReadOnlyDictionary<string, string> env)
    {
        if (env.TryGetValue(BinaryVariable(agent), out var explicitPath) && explicitPath.Length > 0)
            return Executables.IsExecutable(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        return Executables.Find(agent, env);
    }
}
