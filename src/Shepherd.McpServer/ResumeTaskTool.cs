using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Shepherd.McpServer;

/// <summary><c>resume_task</c> = <c>shepherd resume NAME --json [--prompt-file -]</c>, the prompt on stdin.</summary>
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
            "prompt": { "type": "string", "description": "Optional follow-up instruction for the resumed turn, any length (up to 16 MiB); default: continue the previous task." }
          },
          "required": ["name"],
          "additionalProperties": false
        }
        """;

    protected override async Task<CallToolResult> CallAsync(ToolArguments args, RequestContext<CallToolRequestParams> request, CancellationToken ct)
    {
        var name = TaskNameArgument(args);
        // The prompt goes on stdin, like start_task's: not in argv, where the kernel caps one word at 128 KiB and
        // every user of ps can read it.
        return args.OptionalString("prompt") is { } prompt
            ? FromCli(await ShepherdCli.RunAsync(["resume", name, "--json", "--prompt-file=-"], prompt, killOnCancel: false, ct))
            : FromCli(await ShepherdCli.RunAsync(["resume", name, "--json"], null, killOnCancel: false, ct));
    }
}
