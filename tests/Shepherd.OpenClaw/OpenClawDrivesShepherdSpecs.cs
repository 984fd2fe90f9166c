using System.Diagnostics;
using System.Text.Json;
using Shepherd.FakeModel;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.OpenClaw;

/// <summary>The seed's use case played by the real OpenClaw: a user asks a gateway's agent to "refactor the parser, it
/// will take a while"; its model (the fake model server, scripted) follows the <c>shepherd</c> skill: it writes the
/// prompt to a file with OpenClaw's <c>write</c> tool and runs the skill's <c>shepherd start … --notify openclaw</c>
/// with OpenClaw's <c>exec</c> tool. The task runs under Shepherd with the fake agent; its agent is killed once
/// mid-run and Shepherd resumes it by id; when it succeeds the openclaw notifier wakes the gateway, and the next
/// model request carries the completion text. Everything is checked from outside: the tool results OpenClaw sent
/// back to the model, <c>shepherd status --json</c>, and the fake model server's request log.</summary>
public sealed class OpenClawDrivesShepherdSpecs(ITestOutputHelper output)
{
    private const string Ask = "refactor the parser, it will take a while";
    private const string Task = "parser-refactor";

    [Fact(Timeout = 600_000)]
    public async Task OpenClaw_starts_a_task_with_the_skills_command_and_is_woken_when_Shepherd_has_finished_it_after_a_kill()
    {
        var clock = Stopwatch.StartNew();
        await using var w = await OpenClawWorld.CreateAsync([Path.Combine(Repo.Root, "skills")]);
        var promptFile = Path.Combine(Directory.CreateDirectory(Path.Combine(w.Root, "prompts")).FullName, Task + ".md");
        var command = $"shepherd start {Task} --agent codex --dir {w.S.Project} --prompt-file {promptFile} --notify openclaw";
        SkillTeaches("shepherd start <name> --agent codex --dir <project-dir> --prompt-file <file> --notify openclaw");
        Script(w.Server, promptFile, command);

        // The gateway (and so its exec tool) runs with the sandbox's Shepherd (SHEPHERD_HOME, tmux socket, the fake
        // agent: hangs until killed, then succeeds) and the shepherd under test first on PATH.
        var bins = Directory.CreateDirectory(Path.Combine(w.Root, "bins")).FullName;
        File.CreateSymbolicLink(Path.Combine(bins, "shepherd"), Repo.ShepherdBin);
        w.S.Env["FAKE_AGENT_PLAN"] = "hang,ok";
        w.S.Env["FAKE_AGENT_STATE"] = w.S.FakeState(Task);
        foreach (var (k, v) in w.S.Env) w.Env[k] = v;
        w.Env["PATH"] = $"{bins}:{w.Env["PATH"]}";
        var ready = await w.StartGatewayAsync(TimeSpan.FromSeconds(240)); // 94 s seen on a loaded 2-core machine
        output.WriteLine($"gateway healthy after {ready.TotalSeconds:F1} s");

        var turn = await w.OpenClawTracked(new Dictionary<string, string?>(), TimeSpan.FromSeconds(180), "agent", "--agent", "main", "--message", Ask, "--json");
        output.WriteLine($"agent turn: exit {turn.ExitCode} after {clock.Elapsed.TotalSeconds:F1} s");
        var why = $"{turn}\n{w.Diagnostics()}";
        turn.ExitCode.ShouldBe(0, why);

        // The tool calls OpenClaw executed, as their results came back to the model.
        var wrote = ResultOf(w, WriteId, why);
        wrote.IsError.ShouldBeFalse(why);
        File.ReadAllText(promptFile).ShouldBe(AgentPrompt);
        var ran = ResultOf(w, ExecId, why);
        output.WriteLine($"exec result: {ran.Text}");
        ran.Text.ShouldContain($"started {Task}: codex in tmux session codex-{Task}", Case.Sensitive, why);

        // The task runs; its agent is killed once mid-run; Shepherd resumes it by id and it succeeds.
        var running = await w.S.WaitFor(Task, t => t.IsRunning() && t.SessionId() is not null, TimeSpan.FromSeconds(60), "a running attempt with a session id");
        Native.KillGroup(running.History()[0].Pid()!.Value, 9).ShouldBeTrue("kill -9 of the agent's process group");
        var done = await w.S.WaitFinal(Task, TimeSpan.FromSeconds(120));
        output.WriteLine($"task {done.State()} after {clock.Elapsed.TotalSeconds:F1} s");
        done.State().ShouldBe("succeeded", done.ToString());
        var h = done.History();
        h.Count.ShouldBe(2, done.ToString());
        h[0].Signal().ShouldBe(9, done.ToString());
        h[1].Kind().ShouldBe("resume", done.ToString());
        h[1].GetProperty("agentSessionId").GetString().ShouldBe(h[0].GetProperty("agentSessionId").GetString(), done.ToString());
        File.ReadAllText(Path.Combine(w.S.FakeState(Task), "prompt-1")).ShouldBe(AgentPrompt);

        // The openclaw notifier woke the gateway: the next model request carries the completion text.
        var text = $"codex succeeded: {Task}";
        RecordedRequest wake;
        try { wake = await w.Server.WaitForRequestAsync(r => r.AnyUserTextContains(text), TimeSpan.FromSeconds(120)); }
        catch (TimeoutException e) { throw new TimeoutException($"'{text}' did not reach the model: {e.Message}\n{w.Diagnostics()}", e); }
        OpenClawWorld.SystemEventLine(text).IsMatch(string.Join("\n", wake.UserTexts)).ShouldBeTrue(w.Diagnostics());
        output.WriteLine($"completion reached the model after {clock.Elapsed.TotalSeconds:F1} s (request #{wake.Sequence})");
        w.EventCount(text).ShouldBe(1, w.Diagnostics());
    }

    // Letters and digits only: OpenClaw rewrites other tool call ids (sanitizeToolCallId) before it sends the results back.
    private const string WriteId = "callshepherdwrite1";
    private const string ExecId = "callshepherdexec1";

    private const string AgentPrompt = "Refactor the parser in src/parser: split the tokenizer out, keep every test green.";

    /// <summary>The scripted model, one rule per step (the newest matching rule wins): the user's ask → <c>write</c>
    /// the prompt file; its result → <c>exec</c> the skill's start command; its result → a short reply; the completion
    /// event → a closing reply.</summary>
    private static void Script(FakeModelServer server, string promptFile, string command)
    {
        server.When(r => r.AnyUserTextContains(Ask) && r.ToolResults.Count == 0,
            ReplyBehavior.CallTool(WriteId, "write", JsonSerializer.Serialize(new Dictionary<string, string> { ["path"] = promptFile, ["content"] = AgentPrompt })));
        server.When(r => r.LastToolResult?.CallId == WriteId,
            ReplyBehavior.CallTool(ExecId, "exec", JsonSerializer.Serialize(new Dictionary<string, string> { ["command"] = command })));
        server.When(r => r.LastToolResult?.CallId == ExecId,
            ReplyBehavior.Reply($"Started {Task} with Shepherd (codex, tmux session codex-{Task}); I will be woken when it ends."));
        server.When(r => r.AnyUserTextContains($"codex succeeded: {Task}"), ReplyBehavior.Reply($"{Task} is done: codex succeeded."));
    }

    private static ToolResult ResultOf(OpenClawWorld w, string callId, string why) =>
        w.Server.Requests.Select(r => r.ToolResults.FirstOrDefault(t => t.CallId == callId)).FirstOrDefault(t => t is not null)
        ?? throw new ShouldAssertException($"no result of {callId} reached the model\n{why}");

    /// <summary>The command the test runs is the one the skill shows.</summary>
    private static void SkillTeaches(string line) =>
        File.ReadAllText(Path.Combine(Repo.Root, "skills", "shepherd", "SKILL.md")).ShouldContain(line);
}
