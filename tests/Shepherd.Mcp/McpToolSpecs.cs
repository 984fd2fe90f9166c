using System.Text.Json;
using Shepherd.Tests.Support;

namespace Shepherd.Mcp;

/// <summary>Every tool of <c>shepherd mcp</c> through the SDK's MCP client over stdio, against the real binary, real
/// tmux (the sandbox's own server) and the fake agent; what each tool did is checked with the CLI.</summary>
public sealed class McpToolSpecs(ITestOutputHelper output)
{
    private static readonly string[] ToolNames =
        ["start_task", "list_tasks", "task_status", "task_output", "wait_task", "resume_task", "stop_task", "remove_task"];

    [Fact(Timeout = 60_000)]
    public async Task The_server_offers_the_eight_tools_each_described_for_a_model_with_an_object_schema()
    {
        await using var s = new Sandbox();
        await using var mcp = await McpSession.StartAsync(s);
        var tools = await mcp.Client.ListToolsAsync();
        tools.Select(t => t.Name).ShouldBe(ToolNames, ignoreOrder: true);
        foreach (var tool in tools)
        {
            tool.Description.Length.ShouldBeGreaterThan(150, tool.Name);
            var schema = tool.JsonSchema;
            schema.GetProperty("type").GetString().ShouldBe("object", tool.Name);
            schema.GetProperty("additionalProperties").GetBoolean().ShouldBeFalse(tool.Name);
            foreach (var p in schema.GetProperty("properties").EnumerateObject())
                p.Value.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace($"{tool.Name}.{p.Name}");
        }
        var start = tools.Single(t => t.Name == "start_task").JsonSchema;
        start.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ShouldBe(["name", "agent", "dir", "prompt"]);
        start.GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .ShouldBe(["name", "agent", "dir", "prompt", "notify", "notifyOn", "maxTokens", "maxCost", "check", "worktree", "extraArgs"]);
        mcp.Client.ServerInfo.ShouldNotBeNull().Name.ShouldBe("shepherd");
        mcp.Client.ServerInstructions.ShouldNotBeNull().ShouldContain("wait_task");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_task_started_through_MCP_is_the_task_the_CLI_sees_with_the_prompt_on_the_agents_stdin()
    {
        await using var s = new Sandbox();
        await using var mcp = await McpSession.StartAsync(s, McpSession.FakeAgent(s, "ok", "job"));
        var prompt = "Refactor \"the parser\"; keep $(whoami) and `backticks` as text\nsecond line ünïcode";

        var started = await mcp.Json("start_task", new Dictionary<string, object?>
        {
            ["name"] = "job", ["agent"] = "codex", ["dir"] = s.Project, ["prompt"] = prompt, ["extraArgs"] = new[] { "-m", "fake-model" },
        });
        started.GetProperty("name").GetString().ShouldBe("job");
        started.GetProperty("tmuxSession").GetString().ShouldBe("codex-job");
        started.GetProperty("projectDir").GetString().ShouldBe(s.Project);

        var done = await mcp.Json("wait_task", new Dictionary<string, object?> { ["name"] = "job", ["timeoutSeconds"] = 90 }, timeout: TimeSpan.FromSeconds(100));
        done.State().ShouldBe("succeeded");

        var cli = await s.Status("job");
        cli.State().ShouldBe("succeeded");
        cli.Attempts().ShouldBe(1);
        var status = await mcp.Json("task_status", new Dictionary<string, object?> { ["name"] = "job" });
        status.SessionId().ShouldNotBeNull().ShouldBe(cli.SessionId());
        status.History().Count.ShouldBe(1);
        status.GetProperty("lastOutput").GetArrayLength().ShouldBeGreaterThan(0);

        var call = s.Calls("job").ShouldHaveSingleItem();
        File.ReadAllText(Path.Combine(s.FakeState("job"), "prompt-1")).ShouldBe(prompt); // byte for byte, on stdin
        var argv = call.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!).ToList();
        argv.ShouldNotContain(prompt);
        argv.ShouldContain("fake-model");

        var listed = await mcp.Json("list_tasks", new Dictionary<string, object?>());
        listed.EnumerateArray().Select(t => t.GetProperty("name").GetString()).ShouldBe(["job"]);
        var cliList = await s.Shepherd("list", "--json");
        JsonDocument.Parse(cliList.Stdout).RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()).ShouldBe(["job"]);
        mcp.Stderr.ShouldBeEmpty();
    }

    [Fact(Timeout = 120_000)]
    public async Task A_token_budget_given_through_MCP_fails_the_task_once_spent()
    {
        await using var s = new Sandbox();
        await using var mcp = await McpSession.StartAsync(s, McpSession.FakeAgent(s, "ok", "capped"));
        await mcp.Json("start_task", new Dictionary<string, object?>
        {
            ["name"] = "capped", ["agent"] = "codex", ["dir"] = s.Project, ["prompt"] = "spend", ["maxTokens"] = 1000, ["maxCost"] = 2.5,
            ["check"] = "exit 1", // never done: only the budget ends it
            ["notifyOn"] = new[] { "needs-you" },
        });
        var done = await mcp.Json("wait_task", new Dictionary<string, object?> { ["name"] = "capped", ["timeoutSeconds"] = 90 }, timeout: TimeSpan.FromSeconds(100));
        done.State().ShouldBe("failed");
        var status = await s.Status("capped");
        status.GetProperty("reason").GetString()!.ShouldStartWith("token budget spent (");
        status.GetProperty("maxTokens").GetInt64().ShouldBe(1000);
        var refused = await mcp.Call("start_task", new Dictionary<string, object?>
        {
            ["name"] = "nope", ["agent"] = "codex", ["dir"] = s.Project, ["prompt"] = "spend", ["maxCost"] = -1,
        });
        refused.IsError.ShouldBeTrue();
        refused.Text.ShouldContain("'maxCost' must be above 0");
    }

    [Fact(Timeout = 120_000)]
    public async Task Wait_task_sends_progress_every_second_and_returns_the_state_when_its_timeout_ends()
    {
        await using var s = new Sandbox();
        await using var mcp = await McpSession.StartAsync(s, McpSession.FakeAgent(s, "hang", "slow"));
        await mcp.Json("start_task", new Dictionary<string, object?> { ["name"] = "slow", ["agent"] = "claude", ["dir"] = s.Project, ["prompt"] = "take your time" });
        await s.WaitFor("slow", t => t.IsRunning(), TimeSpan.FromSeconds(60), "a running attempt");

        var progress = new ProgressLog();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answer = await mcp.Call("wait_task", new Dictionary<string, object?> { ["name"] = "slow", ["timeoutSeconds"] = 4 }, progress);
        output.WriteLine($"wait_task returned after {clock.Elapsed.TotalSeconds:F1} s with {progress.Values.Count} progress notifications");

        answer.IsError.ShouldBeFalse(answer.Text); // still running at the timeout: an answer, not an error
        JsonDocument.Parse(answer.Text).RootElement.State().ShouldBe("running");
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(4));
        progress.Values.Count.ShouldBeGreaterThanOrEqualTo(2);
        progress.Values.ShouldAllBe(v => v.Message!.StartsWith("slow is running (") && v.Total == 4);
        progress.Values.Select(v => v.Progress).ShouldBeInOrder();
    }

    [Fact(Timeout = 120_000)]
    public async Task Task_output_returns_the_last_lines_as_plain_text_without_escape_sequences()
    {
        await using var s = new Sandbox();
        await using var mcp = await McpSession.StartAsync(s, McpSession.FakeAgent(s, "ansi", "colour"));
        await mcp.Json("start_task", new Dictionary<string, object?> { ["name"] = "colour", ["agent"] = "codex", ["dir"] = s.Project, ["prompt"] = "print in colour" });
        (await s.WaitFinal("colour", TimeSpan.FromSeconds(60))).State().ShouldBe("succeeded");
        // The runner adds its last line (__TASK_DONE__) after the final state: both reads below must see the same log.
        await s.FinishedUp("colour");
        File.ReadAllText(Path.Combine(s.Home, "tasks", "colour", "output.log")).ShouldContain("\u001b[1;31m"); // raw in the log

        var all = await mcp.Call("task_output", new Dictionary<string, object?> { ["name"] = "colour", ["lines"] = 200 });
        all.IsError.ShouldBeFalse(all.Text);
        var lines = all.Text.Split('\n');
        lines.ShouldContain("red alert plain");
        lines.ShouldContain("titled line");
        lines.ShouldContain("progress 100%");
        all.Text.ShouldNotContain("progress 10%");
        all.Text.ShouldAllBe(c => c == '\n' || !char.IsControl(c));

        var two = await mcp.Call("task_output", new Dictionary<string, object?> { ["name"] = "colour", ["lines"] = 2 });
        two.Text.Split('\n').ShouldBe(lines[^2..]);
    }

    [Fact(Timeout = 180_000)]
    public async Task Stop_resume_and_remove_act_on_the_task_as_the_CLI_then_shows()
    {
        await using var s = new Sandbox();
        await using var mcp = await McpSession.StartAsync(s, McpSession.FakeAgent(s, "hang,ok", "cycle"));
        await mcp.Json("start_task", new Dictionary<string, object?> { ["name"] = "cycle", ["agent"] = "codex", ["dir"] = s.Project, ["prompt"] = "first" });
        var running = await s.WaitFor("cycle", t => t.IsRunning() && t.SessionId() is not null, TimeSpan.FromSeconds(60), "a running attempt with a session id");

        (await mcp.Json("stop_task", new Dictionary<string, object?> { ["name"] = "cycle" }, timeout: TimeSpan.FromSeconds(90))).State().ShouldBe("stopped");
        (await s.Status("cycle")).State().ShouldBe("stopped");

        await mcp.Json("resume_task", new Dictionary<string, object?> { ["name"] = "cycle", ["prompt"] = "Also update the changelog" });
        (await mcp.Json("wait_task", new Dictionary<string, object?> { ["name"] = "cycle", ["timeoutSeconds"] = 90 }, timeout: TimeSpan.FromSeconds(100)))
            .State().ShouldBe("succeeded");
        var calls = s.Calls("cycle");
        calls.Count.ShouldBe(2);
        calls[1].GetProperty("resume").GetBoolean().ShouldBeTrue();
        calls[1].GetProperty("session").GetString().ShouldBe(running.SessionId());
        File.ReadAllText(Path.Combine(s.FakeState("cycle"), "prompt-2")).ShouldContain("Also update the changelog");

        var removed = await mcp.Call("remove_task", new Dictionary<string, object?> { ["name"] = "cycle" });
        removed.IsError.ShouldBeFalse(removed.Text);
        removed.Text.ShouldContain("cycle");
        var gone = await s.Shepherd("status", "cycle");
        gone.ExitCode.ShouldBe(2);
        gone.Stderr.Trim().ShouldBe("shepherd: no task named 'cycle'");
        Directory.Exists(Path.Combine(s.Home, "tasks", "cycle")).ShouldBeFalse();
    }

    [Fact(Timeout = 120_000)]
    public async Task Resume_task_passes_its_prompt_on_stdin_so_a_follow_up_larger_than_an_argv_word_arrives_intact()
    {
        await using var s = new Sandbox();
        await using var mcp = await McpSession.StartAsync(s, McpSession.FakeAgent(s, "ok,ok", "big"));
        await mcp.Json("start_task", new Dictionary<string, object?> { ["name"] = "big", ["agent"] = "claude", ["dir"] = s.Project, ["prompt"] = "first" });
        (await s.WaitFinal("big", TimeSpan.FromSeconds(60))).State().ShouldBe("succeeded");
        // Beyond the kernel's 128 KiB for one argv word, which an argument --prompt=… could not pass.
        var followUp = "--not-an-option \"quoted\" $(id) `id`\n\u00e9\u4e2d " + new string('b', 200 * 1024);

        var resumed = await mcp.Json("resume_task", new Dictionary<string, object?> { ["name"] = "big", ["prompt"] = followUp });
        resumed.GetProperty("name").GetString().ShouldBe("big");
        var done = await s.WaitFor("big", t => t.Attempts() == 2 && t.State() is "succeeded" or "failed", TimeSpan.FromSeconds(60), "the follow-up's end");
        done.State().ShouldBe("succeeded");
        done.History()[1].Kind().ShouldBe("resume");
        File.ReadAllText(Path.Combine(s.FakeState("big"), "prompt-2")).ShouldBe(followUp);

        var blank = await mcp.Call("resume_task", new Dictionary<string, object?> { ["name"] = "big", ["prompt"] = " \n" });
        var cli = await s.ShepherdWith(new Dictionary<string, string?>(), " \n", "resume", "big", "--prompt-file", "-");
        cli.ExitCode.ShouldBe(2, cli.ToString());
        blank.IsError.ShouldBeTrue(blank.Text);
        blank.Text.ShouldBe(cli.Stderr.Trim());
        blank.Text.ShouldBe("shepherd: the prompt is empty");
        (await s.Status("big")).Attempts().ShouldBe(2);
        mcp.Stderr.ShouldBeEmpty();
    }
}
