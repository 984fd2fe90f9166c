using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Shepherd.McpServer;

/// <summary><c>task_status</c> = <c>shepherd status NAME --json</c>.</summary>
internal sealed class TaskStatusTool() : ShepherdTool("task_status", Summary, Schema,
    new ToolAnnotations { Title = "Show a coding task", ReadOnlyHint = true, IdempotentHint = true, OpenWorldHint = false })
{
    private const string Summary =
        "Show one task as JSON: state (starting, running, backoff = interrupted and resuming by itself — nothing to " +
        "do; final: succeeded, failed, stopped), reason (why it failed), agentSessionId, attempts, lastExit " +
        "{code, signal}, stalledSince, history (every run of the agent: kind start/resume, session id, start and end, " +
        "exit, outcome, detail) and lastOutput (the last lines the agent printed, control characters escaped). " +
        "Returns at once; use wait_task to wait for the end.";

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
        FromCli(await ShepherdCli.RunAsync(["status", TaskNameArgument(args), "--json"], null, killOnCancel: true, ct));
}
