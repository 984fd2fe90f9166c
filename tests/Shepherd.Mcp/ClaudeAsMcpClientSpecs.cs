using System.Diagnostics;
using System.Text.Json;
using Shepherd.FakeModel;
using Shepherd.Tests.Support;

namespace Shepherd.Mcp;

/// <summary>A real agent as the MCP client: Claude Code in <c>-p</c> mode mounts <c>shepherd mcp</c>; its model (the
/// fake model server) is scripted to call <c>mcp__shepherd__start_task</c>, then <c>mcp__shepherd__wait_task</c>, then
/// to answer with the state that came back. The task runs for real (the fake agent, under Shepherd, in the
/// sandbox's own tmux server).</summary>
public sealed class ClaudeAsMcpClientSpecs(ITestOutputHelper output)
{
    private const string Task = "parser-refactor";
    private const string AgentPrompt = "Refactor the parser; keep the tests green.";

    [Fact(Timeout = 300_000)]
    public async Task Claude_Code_starts_a_task_through_shepherd_mcp_waits_for_it_and_names_it_in_its_answer()
    {
        var clock = Stopwatch.StartNew();
        await using var s = new Sandbox();
        await using var server = await FakeModelServer.StartAsync();
        var turn = Script(server, s);
        // In -p mode an MCP tool needs a permission: allowing the server's tools is enough (no
        // --dangerously-skip-permissions, which as root would also need IS_SANDBOX=1).
        var run = await RunClaude(s, server, turn.Marker, ["--allowedTools", "mcp__shepherd"]);
        output.WriteLine($"claude -p exited {run.ExitCode} after {clock.Elapsed.TotalSeconds:F1} s");
        var why = $"{run}\nrequests:\n  {string.Join("\n  ", server.Requests)}";
        run.ExitCode.ShouldBe(0, why);

        // The task really ran: the fake agent, once, with the prompt the model gave, in the sandbox's tmux server.
        var status = await s.Status(Task);
        status.State().ShouldBe("succeeded", why);
        status.Attempts().ShouldBe(1, why);
        File.ReadAllText(Path.Combine(s.FakeState(Task), "prompt-1")).ShouldBe(AgentPrompt);
        (await s.Tmux("list-sessions", "-F", "#{session_name}")).Stdout.ShouldContain("codex-" + Task);

        // Its state came back to the model: the request after each tool call carries the task's JSON.
        var started = server.Requests.Single(r => r.LastToolResult?.CallId == turn.StartId).LastToolResult!;
        started.IsError.ShouldBeFalse(started.Text);
        JsonDocument.Parse(started.Text).RootElement.GetProperty("name").GetString().ShouldBe(Task);
        var waited = server.Requests.Single(r => r.LastToolResult?.CallId == turn.WaitId).LastToolResult!;
        waited.IsError.ShouldBeFalse(waited.Text);
        var state = JsonDocument.Parse(waited.Text).RootElement;
        state.State().ShouldBe("succeeded", waited.Text);
        state.SessionId().ShouldBe(status.SessionId());

        // Claude's final answer names the task and its state.
        var answer = ClaudeCode.Result(run);
        output.WriteLine($"final answer: {answer}");
        answer.ShouldContain(Task);
        answer.ShouldContain("succeeded");
        output.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact(Timeout = 300_000)]
    public async Task Without_a_permission_for_the_shepherd_tools_Claude_in_print_mode_starts_nothing()
    {
        var clock = Stopwatch.StartNew();
        await using var s = new Sandbox();
        await using var server = await FakeModelServer.StartAsync();
        var turn = Script(server, s);
        var run = await RunClaude(s, server, turn.Marker, []);
        output.WriteLine($"claude -p exited {run.ExitCode} after {clock.Elapsed.TotalSeconds:F1} s");
        var why = $"{run}\nrequests:\n  {string.Join("\n  ", server.Requests)}";

        var refused = server.Requests.Single(r => r.LastToolResult?.CallId == turn.StartId).LastToolResult!;
        output.WriteLine($"the model was told: {refused.Text}");
        refused.IsError.ShouldBeTrue(why);
        refused.Text.ShouldContain("permission", Case.Insensitive, why);
        (await s.Shepherd("list", "--json")).Stdout.Trim().ShouldBe("[]", why);
    }

    private sealed record Turn(string Marker, string StartId, string WaitId);

    /// <summary>The scripted model: the user's prompt (with the marker) → start_task; start_task's result → wait_task;
    /// wait_task's result → a final answer quoting the name and state it read there.</summary>
    private static Turn Script(FakeModelServer server, Sandbox s)
    {
        var marker = "ZQMCP" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var turn = new Turn(marker, "toolu_01" + marker + "start", "toolu_01" + marker + "wait");
        var startArgs = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["name"] = Task, ["agent"] = "codex", ["dir"] = s.Project, ["prompt"] = AgentPrompt,
        });
        server.When(r => r.AnyUserTextContains(marker) && r.ToolResults.Count == 0,
            ReplyBehavior.CallTool(turn.StartId, "mcp__shepherd__start_task", startArgs, "I'll hand this to Shepherd."));
        server.When(r => r.LastToolResult?.CallId == turn.StartId,
            ReplyBehavior.CallTool(turn.WaitId, "mcp__shepherd__wait_task", $$"""{"name":"{{Task}}","timeoutSeconds":120}"""));
        server.When(r => r.LastToolResult?.CallId == turn.WaitId, r => ReplyBehavior.Reply(FinalAnswer(r.LastToolResult!)));
        return turn;
    }

    /// <summary>One <c>claude -p</c> run mounting <c>shepherd mcp</c>; the tasks it starts run the fake agent (3 s).</summary>
    private static Task<CliResult> RunClaude(Sandbox s, FakeModelServer server, string marker, string[] permission)
    {
        s.Env["FAKE_AGENT_PLAN"] = "sleep:3";
        s.Env["FAKE_AGENT_STATE"] = s.FakeState(Task);
        var config = ClaudeCode.WriteMcpConfig(s, s.Env);
        return ClaudeCode.RunAsync(ClaudeCode.Environment(s, server), $"{marker}: refactor the parser, it will take a while",
            ["--mcp-config", config, "--strict-mcp-config", .. permission], TimeSpan.FromSeconds(240), s.Project);
    }

    /// <summary>What the scripted model says after wait_task: the task's name and state, read from the tool result.</summary>
    private static string FinalAnswer(ToolResult waited)
    {
        try
        {
            var t = JsonDocument.Parse(waited.Text).RootElement;
            return $"Shepherd reports: task {t.GetProperty("name").GetString()} {t.GetProperty("state").GetString()} after {t.GetProperty("attempts").GetInt32()} attempt(s).";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"wait_task gave no task JSON: {waited.Text}";
        }
    }
}
