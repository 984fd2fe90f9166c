using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Shepherd.McpServer;

/// <summary><c>remove_task</c> = <c>shepherd rm NAME</c>.</summary>
internal sealed class RemoveTaskTool() : ShepherdTool("remove_task", Summary, Schema,
    new ToolAnnotations { Title = "Remove a coding task", ReadOnlyHint = false, DestructiveHint = true, IdempotentHint = false, OpenWorldHint = false })
{
    private const string Summary =
        "Remove a task for good: stop it if it is still running, kill its tmux session and delete its files (prompt, " +
        "output log); its name becomes free again. The project directory is not touched. Use it to clean up after " +
        "reading a finished task's result.";

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
        FromCli(await ShepherdCli.RunAsync(["rm", TaskNameArgument(args)], null, killOnCancel: false, ct));
}
