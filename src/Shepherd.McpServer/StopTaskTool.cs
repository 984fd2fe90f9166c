using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Shepherd.McpServer;

/// <summary><c>stop_task</c> = <c>shepherd stop NAME --json</c>.</summary>
internal sealed class StopTaskTool() : ShepherdTool("stop_task", Summary, Schema,
    new ToolAnnotations { Title = "Stop a coding task", ReadOnlyHint = false, DestructiveHint = true, IdempotentHint = true, OpenWorldHint = false })
{
    private const string Summary =
        "Stop a task deliberately: its agent is interrupted (SIGINT, then SIGTERM, then SIGKILL to its process group) " +
        "and the task becomes `stopped`, which Shepherd never resumes by itself (resume_task can). Its files and " +
        "conversation are kept. Returns the task as JSON.";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "description": "The task's name, as given to start_task." }
          },
          "required": ["name"],
          "additionalProperties": false
        }
        """;

    protected override async Task<CallToolResult> CallAsync(ToolArguments args, RequestContext<CallToolRequestParams> request, CancellationToken ct) =>
        FromCli(await ShepherdCli.RunAsync(["stop", TaskNameArgument(args), "--json"], null, killOnCancel: false, ct));
}
