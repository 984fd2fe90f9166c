using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Agents;

/// <summary>The built-in agents, the custom ones of config.toml (<see cref="CustomAgent"/>), and where their
/// executables are.</summary>
public static class AgentRegistry
{
    public static readonly string[] Names = ["codex", "claude", "opencode", "pi", "gemini", "qwen", "copilot"];

    public static IAgentAdapter Get(string name) => name switch
    {
        "codex" => new CodexAdapter(),
        "claude" => new ClaudeAdapter(),
        "opencode" => new OpenCodeAdapter(),
        "pi" => new PiAdapter(),
        "gemini" => new GeminiAdapter(),
        "qwen" => new QwenAdapter(),
        "copilot" => new CopilotAdapter(),
        _ => throw new UsageException($"unknown agent {Printable.Quote(name)}: use one of {string.Join(", ", Names)}"),
    };

    /// <summary>A built-in agent, or one defined in config.toml (<paramref name="custom"/>), by the name given to start.</summary>
    public static IAgentAdapter Resolve(string name, IReadOnlyDictionary<string, CustomAgent> custom) =>
        Names.Contains(name) ? Get(name)
        : custom.TryGetValue(name, out var c) ? new CustomAdapter(c)
        : throw new UsageException($"unknown agent {Printable.Quote(name)}: use one of {string.Join(", ", Names.Concat(custom.Keys))}" +
                                   (custom.Count == 0 ? ", or define it under [agents.NAME] in config.toml" : ""));

    /// <summary>The task's agent: a built-in one, or the definition the task was started with (kept in its directory).</summary>
    public static IAgentAdapter ForTask(ShepherdHome home, TaskRecord task) => ForTask(home, task.Name, task.Agent);

    public static IAgentAdapter ForTask(ShepherdHome home, string taskName, string agent)
    {
        if (Names.Contains(agent)) return Get(agent);
        var file = home.AgentFile(taskName);
        if (!File.Exists(file)) throw new UsageException($"{agent} is not a built-in agent and the task has no definition of it ({file})");
        try { return new CustomAdapter(CustomAgent.FromJson(File.ReadAllBytes(file))); }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new UsageException($"the task's definition of {agent} ({file}) cannot be read: {e.Message}");
        }
    }

    public static string BinaryVariable(string agent) => $"SHEPHERD_{agent.ToUpperInvariant().Replace('-', '_')}_BIN";

    /// <summary>The agent's executable: for a custom agent its <c>command</c> (a path, or a name on the task's PATH),
    /// which SHEPHERD_&lt;NAME&gt;_BIN overrides as for a built-in one.</summary>
    public static string? FindExecutable(IAgentAdapter agent, IReadOnlyDictionary<string, string> env)
    {
        if (agent is not CustomAdapter custom) return FindExecutable(agent.Name, env);
        if (env.TryGetValue(BinaryVariable(agent.Name), out var explicitPath) && explicitPath.Length > 0)
            return Executables.IsExecutable(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        var command = custom.Definition.Command;
        if (command.Contains('/')) return Executables.IsExecutable(command) ? Path.GetFullPath(command) : null;
        return Executables.Find(command, env);
    }

    /// <summary>The agent's executable from SHEPHERD_&lt;AGENT&gt;_BIN or PATH in <paramref name="env"/>;
    /// null when there is none.</summary>
    public static string? FindExecutable(string agent, IReadOnlyDictionary<string, string> env)
    {
        if (env.TryGetValue(BinaryVariable(agent), out var explicitPath) && explicitPath.Length > 0)
            return Executables.IsExecutable(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        return Executables.Find(agent, env);
    }
}
