using System.CommandLine;
using Shepherd.Cli.Mcp;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd mcp</c>: an MCP server over stdio for agents that orchestrate (Claude Code, Codex, OpenCode…).</summary>
internal static class McpCommand
{
    public static Command Create()
    {
        var cmd = new Command("mcp", "Serve Shepherd's tools (start_task, wait_task, task_status…) over MCP on stdin/stdout, for agents that orchestrate");
        cmd.SetAction(async (_, ct) =>
        {
            await ShepherdMcpServer.RunAsync(ct);
            return 0;
        });
        return cmd;
    }
}
