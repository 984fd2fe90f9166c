using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Shepherd.McpServer;

/// <summary><c>task_output</c> = the last lines of <c>shepherd logs NAME</c>, as plain text.</summary>
internal sealed class TaskOutputTool() : ShepherdTool("task_output", Summary, Schema,
    new ToolAnnotations { Title = "Read a coding task's output", ReadOnlyHint = true, IdempotentHint = true, OpenWorldHint = false })
{
    private const int DefaultLines = 50;
    private const int MaxLines = 2000;

    private const string Summary =
        "Read the last `lines` lines of what the task's agent printed so far (all its runs, oldest first), as plain " +
        "text: terminal escape sequences and control characters removed. Many agents print JSON events, one per " +
        "line. For the task's state use task_status.";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "description": "The task's name, as given to start_task." },
            "lines": { "type": "integer", "minimum": 1, "maximum": 2000, "description": "How many of the last lines to return (default 50)." }
          },
          "required": ["name"],
          "additionalProperties": false
        }
        """;

    protected override async Task<CallToolResult> CallAsync(ToolArguments args, RequestContext<CallToolRequestParams> request, CancellationToken ct)
    {
        var name = TaskNameArgument(args);
        var lines = args.Integer("lines", DefaultLines, 1, MaxLines);
        var outcome = await ShepherdCli.RunAsync(["logs", name], null, killOnCancel: true, ct, tailLines: lines);
        if (outcome.ExitCode != 0) return FromCli(outcome);
        var text = string.Join('\n', outcome.Stdout.Split('\n').Select(TerminalText.Clean));
        return Text(text.Length == 0 ? "(no output yet)" : text);
    }
}
