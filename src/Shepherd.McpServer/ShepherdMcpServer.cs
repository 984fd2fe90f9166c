using System.Reflection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Shepherd.McpServer;

/// <summary><c>shepherd mcp</c> (which execs this program, <c>shepherd-mcp</c>): Shepherd's tools over MCP on
/// stdin/stdout. Every tool runs the <c>shepherd</c> CLI installed next to it, so a task started here is the task every
/// other command sees.</summary>
internal static class ShepherdMcpServer
{
    private const string Instructions =
        "Shepherd runs long coding tasks with a coding agent (codex, claude, opencode, pi, gemini, qwen or copilot) in the background, in tmux, " +
        "and makes them finish: it resumes the agent's own conversation by its session id after a crash, kill, API error " +
        "or reboot. Start a task with start_task (a complete prompt, a project directory), then wait_task (repeatedly, " +
        "each call at most 10 minutes) or task_status until it is final; read what the agent printed with task_output. " +
        "Never resume interrupted tasks by hand: state `backoff` means Shepherd is already on it. resume_task is for " +
        "follow-ups and for failed or stopped tasks; remove_task cleans up.";

    public static McpServerTool[] Tools() =>
    [
        new StartTaskTool(), new ListTasksTool(), new TaskStatusTool(), new TaskOutputTool(), new WaitTaskTool(),
        new ResumeTaskTool(), new StopTaskTool(), new RemoveTaskTool(),
    ];

    public static async Task RunAsync(CancellationToken ct)
    {
        var tools = new McpServerPrimitiveCollection<McpServerTool>();
        foreach (var tool in Tools()) tools.Add(tool);
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "shepherd", Version = Version() },
            ServerInstructions = Instructions,
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability() },
            ToolCollection = tools,
        };
        await using var transport = new StdioServerTransport(options);
        await using var server = ModelContextProtocol.Server.McpServer.Create(transport, options); // qualified: the namespace Shepherd.McpServer hides it
        await server.RunAsync(ct);
    }

    public static string Version() =>
        typeof(ShepherdMcpServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";
}
