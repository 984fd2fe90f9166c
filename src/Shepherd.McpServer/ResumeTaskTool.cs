using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Shepherd.McpServer;

/// <summary><c>resume_task</c> = <c>shepherd resume NAME --json [--prompt P]</c>.</summary>
internal sealed class ResumeTaskTool() : ShepherdTool("resume_task", Summary, Schema,
    new ToolAnnotations { Title = "Resume a coding task", ReadOnlyHint = false, DestructiveHint = false, IdempotentHint = false, OpenWorldHint = true })
{
    private const string Summary =
        "Resume a task now, in the agent's own conversation (by its stored session id): restarts a failed or stopped " +
        "task, or gives a finished one a follow-up instruction in `prompt` (default: continue the previous task). Not " +
        "needed after crashes or API errors: Shepherd resumes those by itself (state backoff). Returns the task as JSON.";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "description": "The task's name, as given to start_task." },
            "prompt": { "type": "string", "description": "Optional follow-up instruction for the resumed turn (at most 100 KiB); default: continue the previous task." }
          },
          "required": ["name"],
          "additionalProperties": false
        }
        """;

    protected override async Task<CallToolResult> CallAsync(ToolArguments args, RequestContext<CallToolRequestParams> request, CancellationToken ct)
    {
        var name = TaskNameArgument(args);
        // `resume` takes its prompt only as --prompt (the agents get a resume prompt as one argv word anyway).
        var prompt = args.OptionalString("prompt");
        return FromCli(await ShepherdCli.RunAsync(prompt is null ? ["resume", name, "--json"] : ["resume", name, "--json", $"--prompt={prompt}"],
            null, killOnCancel: false, ct));
    }
}
