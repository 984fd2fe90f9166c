using System.Text.Json;
using ModelContextProtocol;
using Shepherd.Tests.Support;

namespace Shepherd.Mcp;

/// <summary>Bad input through MCP: a tool error carrying the CLI's own one-line message (compared with what the CLI
/// prints for the same input), nothing created, and the server keeps serving.</summary>
public sealed class McpErrorSpecs
{
    [Fact(Timeout = 90_000)]
    public async Task Bad_input_is_a_tool_error_with_the_same_one_line_message_as_the_CLI()
    {
        await using var s = new Sandbox();
        await using var mcp = await McpSession.StartAsync(s);
        var missingDir = Path.Combine(s.Dir, "no-such-dir");
        (string Tool, Dictionary<string, object?> Args, string[] Cli)[] cases =
        [
            ("start_task", Start("Bad_Name", "codex", s.Project), ["start", "Bad_Name", "--agent", "codex", "--dir", s.Project, "--prompt", "p"]),
            ("start_task", Start("t1", "gpt", s.Project), ["start", "t1", "--agent", "gpt", "--dir", s.Project, "--prompt", "p"]),
            ("start_task", Start("t2", "codex", missingDir), ["start", "t2", "--agent", "codex", "--dir", missingDir, "--prompt", "p"]),
            ("start_task", Start("t3", "codex", s.Project, prompt: " \n"), ["start", "t3", "--agent", "codex", "--dir", s.Project, "--prompt", " \n"]),
            ("task_status", new() { ["name"] = "nope" }, ["status", "nope"]),
            ("wait_task", new() { ["name"] = "nope", ["timeoutSeconds"] = 1 }, ["wait", "nope", "--timeout", "1s"]),
            ("task_output", new() { ["name"] = "nope" }, ["logs", "nope"]),
            ("resume_task", new() { ["name"] = "nope" }, ["resume", "nope"]),
            ("stop_task", new() { ["name"] = "nope" }, ["stop", "nope"]),
            ("remove_task", new() { ["name"] = "Nope!" }, ["rm", "Nope!"]),
        ];
        foreach (var (tool, args, cli) in cases)
        {
            var answer = await mcp.Call(tool, args);
            var expected = await s.Shepherd(cli);
            expected.ExitCode.ShouldBe(2, expected.ToString());
            var line = expected.Stderr.Trim();
            answer.IsError.ShouldBeTrue($"{tool}: {answer.Text}");
            answer.Text.ShouldBe(line, $"{tool} {JsonSerializer.Serialize(args)}");
        }
        // A name the CLI's parser would read as an option or a response file gets the message of any invalid name.
        foreach (var name in new[] { "--help", "@args.txt" })
            (await mcp.Call("start_task", Start(name, "codex", s.Project))).Text
                .ShouldBe($"shepherd: invalid task name '{name}': use 1-48 of a-z, 0-9 and '-', starting with a letter or digit");
        (await s.Shepherd("list", "--json")).Stdout.Trim().ShouldBe("[]"); // nothing was created
        Directory.Exists(Path.Combine(s.Home, "tasks", "t1")).ShouldBeFalse();
    }

    [Fact(Timeout = 60_000)]
    public async Task Arguments_of_the_wrong_type_or_range_are_tool_errors_and_the_server_keeps_serving()
    {
        await using var s = new Sandbox();
        await using var mcp = await McpSession.StartAsync(s);
        (string Tool, Dictionary<string, object?> Args, string Message)[] cases =
        [
            ("task_status", new() { ["name"] = 42 }, "'name' must be a string"),
            ("task_status", new(), "missing required argument 'name'"),
            ("start_task", new() { ["name"] = "t", ["agent"] = "codex", ["dir"] = s.Project }, "missing required argument 'prompt'"),
            ("start_task", Start("t", "codex", s.Project, extra: ("notify", 7)), "'notify' must be an array of strings"),
            ("start_task", Start("t", "codex", s.Project, extra: ("worktree", "yes")), "'worktree' must be true or false"),
            ("list_tasks", new() { ["everything"] = true }, "unknown argument 'everything'; this tool takes all"),
            ("wait_task", new() { ["name"] = "t", ["timeoutSeconds"] = 601 }, "'timeoutSeconds' must be between 1 and 600"),
            ("wait_task", new() { ["name"] = "t", ["timeoutSeconds"] = 1.5 }, "'timeoutSeconds' must be a whole number"),
            ("task_output", new() { ["name"] = "t", ["lines"] = 0 }, "'lines' must be between 1 and 2000"),
        ];
        foreach (var (tool, args, message) in cases)
        {
            var answer = await mcp.Call(tool, args);
            answer.IsError.ShouldBeTrue($"{tool}: {answer.Text}");
            answer.Text.ShouldBe(message);
        }
        await Should.ThrowAsync<McpException>(() => mcp.Call("no_such_tool", new Dictionary<string, object?>()));
        (await mcp.Json("list_tasks", new Dictionary<string, object?>())).GetArrayLength().ShouldBe(0); // still serving
        (await s.Shepherd("list", "--json")).Stdout.Trim().ShouldBe("[]");
    }

    private static Dictionary<string, object?> Start(string name, string agent, string dir, string prompt = "p", (string Key, object Value)? extra = null)
    {
        var args = new Dictionary<string, object?> { ["name"] = name, ["agent"] = agent, ["dir"] = dir, ["prompt"] = prompt };
        if (extra is { } e) args[e.Key] = e.Value;
        return args;
    }
}
