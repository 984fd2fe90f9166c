using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Shepherd.McpServer;

/// <summary><c>wait_task</c> = <c>shepherd wait NAME --timeout Ns --json</c>; while it waits, a progress notification
/// every second (when the caller asked for progress) with the state from <c>shepherd status --json</c>.</summary>
internal sealed class WaitTaskTool() : ShepherdTool("wait_task", Summary, Schema,
    new ToolAnnotations { Title = "Wait for a coding task", ReadOnlyHint = true, IdempotentHint = true, OpenWorldHint = false })
{
    private const int DefaultSeconds = 50;
    private const int MaxSeconds = 600;

    private const string Summary =
        "Wait until the task is final (succeeded, failed or stopped) or `timeoutSeconds` pass, whichever is first, then " +
        "return the task as JSON: check `state` (and `reason` when it failed). A task still running or in backoff " +
        "when the timeout ends is not an error: call wait_task again, or do other work meanwhile. Interruptions are " +
        "resumed by Shepherd while you wait; never resume by hand. Sends a progress notification every second. Keep " +
        "timeoutSeconds below your MCP client's tool-call timeout (Codex: 60 s unless tool_timeout_sec is raised).";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "description": "The task's name, as given to start_task." },
            "timeoutSeconds": { "type": "integer", "minimum": 1, "maximum": 600, "description": "Longest wait in seconds, at most 600 (10 minutes); default 50." }
          },
          "required": ["name"],
          "additionalProperties": false
        }
        """;

    protected override async Task<CallToolResult> CallAsync(ToolArguments args, RequestContext<CallToolRequestParams> request, CancellationToken ct)
    {
        var name = TaskNameArgument(args);
        var seconds = args.Integer("timeoutSeconds", DefaultSeconds, 1, MaxSeconds);
        var wait = ShepherdCli.RunAsync(["wait", name, $"--timeout={seconds}s", "--json"], null, killOnCancel: true, ct);
        if (request.Params?.ProgressToken is { } token)
        {
            var clock = Stopwatch.StartNew();
            while (await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(1), ct)) != wait && !ct.IsCancellationRequested)
            {
                var state = await StateOf(name, ct);
                var elapsed = (int)clock.Elapsed.TotalSeconds;
                await request.Server.NotifyProgressAsync(token, new ProgressNotificationValue
                {
                    Progress = elapsed, Total = seconds, Message = $"{name} is {state} ({elapsed} s of at most {seconds} s waited)",
                }, cancellationToken: ct);
            }
        }
        var outcome = await wait;
        // wait exits 1 for a task that ended but did not succeed, or is still running at the timeout: both are
        // answers, printed as the task's JSON. Anything else (no such task, bad input) is the CLI's error.
        return outcome.ExitCode is 0 or 1 && IsObject(outcome.Stdout) ? Text(outcome.Stdout.TrimEnd()) : Error(outcome.ErrorLine());
    }

    private static async Task<string> StateOf(string name, CancellationToken ct)
    {
        var status = await ShepherdCli.RunAsync(["status", name, "--json"], null, killOnCancel: true, ct);
        if (status.ExitCode != 0) return "unknown";
        try
        {
            using var doc = JsonDocument.Parse(status.Stdout);
            return doc.RootElement.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "unknown";
        }
        catch (JsonException) { return "unknown"; }
    }

    private static bool IsObject(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException) { return false; }
    }
}
