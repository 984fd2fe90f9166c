using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Shepherd.McpServer;

/// <summary><c>list_tasks</c> = <c>shepherd list --json [--all]</c>.</summary>
internal sealed class ListTasksTool() : ShepherdTool("list_tasks", Summary, Schema,
    new ToolAnnotations { Title = "List coding tasks", ReadOnlyHint = true, IdempotentHint = true, OpenWorldHint = false })
{
    private const string Summary =
        "List Shepherd's coding tasks as a JSON array: for each its name, agent, state (starting, running, backoff = " +
        "interrupted and resuming by itself, or final: succeeded, failed, stopped), projectDir, tmuxSession, " +
        "agentSessionId, attempts (runs of the agent so far), lastExit, reason (why it failed) and timestamps. " +
        "Tasks that ended more than a day ago are left out unless `all` is true.";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "all": { "type": "boolean", "description": "Also list tasks that ended more than a day ago." }
          },
          "additionalProperties": false
        }
        """;

    protected override async Task<CallToolResult> CallAsync(ToolArguments args, RequestContext<CallToolRequestParams> request, CancellationToken ct) =>
        FromCli(await ShepherdCli.RunAsync(args.Flag("all") ? ["list", "--json", "--all"] : ["list", "--json"], null, killOnCancel: true, ct));
}
