using System.CommandLine;
using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd mcp</c>: an MCP server over stdio for agents that orchestrate (Claude Code, Codex, OpenCode…).
/// The server is its own binary, <c>shepherd-mcp</c>, installed next to this one: the MCP SDK's code and JSON metadata
/// would make every <c>shepherd</c> command start slower. This command execs it, so the client's stdin and stdout
/// are the server's and no extra process stays around.</summary>
internal static class McpCommand
{
    public const string Server = "shepherd-mcp";

    public static Command Create()
    {
        var cmd = new Command("mcp", "Serve Shepherd's tools (start_task, wait_task, task_status…) over MCP on stdin/stdout, for agents that orchestrate");
        cmd.SetAction(_ =>
        {
            var command = SideBySide.Command(Server);
            var program = command[^1]; // the executable, or under the JIT the dll that dotnet runs
            if (!File.Exists(program))
                throw new OperationFailedException($"{Server} is missing: expected {Printable.Escape(program)} next to shepherd (install.sh installs both)");
            ProcessImage.Replace(command);
            return 1;
        });
        return cmd;
    }
}
