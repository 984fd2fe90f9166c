using System.Text;
using System.Text.Json;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Tasks;
using Shouldly;
using L = Shepherd.Tests.Unit.RealQwenCopilotLines;

namespace Shepherd.Tests.Unit;

/// <summary>The qwen and copilot adapters: argv, the id chosen up front, and the verdict read from the lines the real
/// CLIs printed (<see cref="RealQwenCopilotLines"/>).</summary>
public sealed class QwenCopilotAdapterSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-qc-").FullName;

    private AgentContext Ctx(string agent, params string[] extra) => new(
        new TaskRecord { Id = 7, Name = "fix", Agent = agent, ProjectDir = "/src/my_app.v2", TmuxSession = $"{agent}-fix", ExtraArgs = extra },
        "/state/tasks/fix", Encoding.UTF8.GetBytes("do it")) { Environment = new Dictionary<string, string> { ["HOME"] = _dir } };

    private Verdict Run(string agent, ExitStatus exit, IEnumerable<string> stdout, params string[] stderr)
    {
        var a = AgentRegistry.Get(agent);
        var p = a.NewParser(Ctx(agent));
        foreach (var line in stdout) p.OnLine(line, false);
        foreach (var line in stderr) p.OnLine(line, true);
        return a.Classify(exit, p.Facts);
    }

    private Verdict Run(string agent, int exit, IEnumerable<string> stdout, params string[] stderr) => Run(agent, ExitStatus.Exited(exit), stdout, stderr);

    [Fact]
    public void Qwen_gets_both_prompts_on_stdin_a_session_id_it_did_not_choose_and_resumes_by_it()
    {
        var a = AgentRegistry.Get("qwen");
        var start = a.Start(Ctx("qwen", "-m", "qwen3-coder"));
        start.Arguments.Take(4).ShouldBe(["-o", "stream-json", "--yolo", "--session-id"]);
        Guid.TryParse(start.Arguments[4], out _).ShouldBeTrue();
        start.Arguments.Skip(5).ShouldBe(["-m", "qwen3-coder"]);
        start.SessionId.ShouldBe(start.Arguments[4]);
        Encoding.UTF8.GetString(start.Stdin!).ShouldBe("do it");
        a.Start(Ctx("qwen")).SessionId.ShouldNotBe(start.SessionId);
        var resume = a.Resume(Ctx("qwen"), "4a1e", Encoding.UTF8.GetBytes("Continue"));
        resume.Arguments.ShouldBe(["-o", "stream-json", "--yolo", "--resume", "4a1e"]);
        Encoding.UTF8.GetString(resume.Stdin!).ShouldBe("Continue");
        a.NewParser(Ctx("qwen")).OnLine(L.QwenSuccess[0], false).ShouldBe("11111111-1111-4111-8111-111111111111");
    }

    [Fact]
    public void Qwen_is_resumed_only_once_its_chat_exists_in_the_directory_named_after_the_project()
    {
        var a = AgentRegistry.Get("qwen");
        a.CanResume(Ctx("qwen"), "4a1e").ShouldBeFalse();
        // every character but letters and digits becomes '-': /src/my_app.v2 → -src-my-app-v2
        var chats = Directory.CreateDirectory(Path.Combine(_dir, ".qwen", "projects", "-src-my-app-v2", "chats")).FullName;
        a.SessionFiles(Ctx("qwen"), "4a1e").ShouldBeEmpty();
        File.WriteAllText(Path.Combine(chats, "4a1e.jsonl"), "");
        a.CanResume(Ctx("qwen"), "4a1e").ShouldBeTrue();
        a.SessionFiles(Ctx("qwen"), "4a1e").ShouldBe([Path.Combine(chats, "4a1e.jsonl")]);
        var moved = Ctx("qwen") with { Environment = new Dictionary<string, string> { ["HOME"] = _dir, ["QWEN_HOME"] = Path.Combine(_dir, "elsewhere") } };
        a.CanResume(moved, "4a1e").ShouldBeFalse();
    }

    [Fact]
    public void Qwen_verdicts_come_from_its_result_event_and_its_own_exit_codes()
    {
        Run("qwen", 0, L.QwenSuccess).Outcome.ShouldBe(AttemptOutcome.Succeeded);
        var server = Run("qwen", 1, L.QwenServerError);
        server.Outcome.ShouldBe(AttemptOutcome.Retryable);
        server.Detail.ShouldBe("model API error (exit 1): [API Error: 500 fake error 500]");
        var limited = Run("qwen", 1, L.QwenRateLimited, L.QwenRetrying);
        limited.Outcome.ShouldBe(AttemptOutcome.Retryable);
        limited.Detail.ShouldStartWith("rate limited (exit 1): [API Error: 429 fake rate limit]");
        limited.UsageLimit.ShouldBeNull();
        Run("qwen", 1, [L.QwenSuccess[0], """{"type":"result","subtype":"error_during_execution","is_error":true,"error":{"message":"[API Error: 401 fake error 401]"}}"""])
            .Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        // a result without its turn-end: killed before it, exit 0 from a signal handler
        Run("qwen", 0, L.QwenSuccess.Take(3)).Detail.ShouldBe("exit 0 without result: the turn did not finish");
        Run("qwen", ExitStatus.Exited(130), L.QwenSuccess.Take(2)).Outcome.ShouldBe(AttemptOutcome.Retryable);
    }

    [Fact]
    public void Qwen_budgets_limits_and_bad_input_are_not_retried_and_an_unknown_session_is_said()
    {
        var budget = Run("qwen", 55, L.QwenSuccess.Take(2), L.QwenWallTime);
        budget.Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        budget.Detail.ShouldBe("qwen's run budget is spent (exit 55): " + L.QwenWallTime);
        Run("qwen", 53, []).Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        Run("qwen", 42, []).Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        Run("qwen", 52, []).Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        Run("qwen", 1, [], L.QwenUnknownArgument).Detail.ShouldBe("bad arguments (exit 1): " + L.QwenUnknownArgument);
        Run("qwen", 1, [], L.QwenSessionTaken).Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        Run("qwen", 1, [], L.QwenUnknownSession).Detail.ShouldBe("the agent cannot find the session it was asked to resume");
        var gone = """{"type":"result","subtype":"error_during_execution","is_error":true,"error":{"message":"Qwen OAuth free tier has been discontinued as of 2026-04-15.\n\nTo continue using Qwen Code, try one of these alternatives:"}}""";
        Run("qwen", 1, [gone]).Outcome.ShouldBe(AttemptOutcome.NonRetryable);
    }

    [Fact]
    public void Qwens_quota_exhausted_message_is_a_usage_limit_until_the_reset_its_provider_named()
    {
        var quota = $$$"""{"type":"result","subtype":"error_during_execution","is_error":true,"error":{"message":"{{{JsonEncodedText.Encode(L.QwenQuotaExhausted)}}}"}}""";
        var v = Run("qwen", 1, [quota]);
        v.Outcome.ShouldBe(AttemptOutcome.Retryable);
        v.Detail.ShouldStartWith("usage limit reached: Quota exhausted: ");
        var now = new DateTimeOffset(2026, 7, 26, 12, 0, 0, TimeSpan.Zero);
        v.UsageLimit!.ResetAt(now, TimeZoneInfo.FindSystemTimeZoneById("Australia/Brisbane")).ShouldBe(new DateTimeOffset(2026, 7, 27, 9, 26, 0, TimeSpan.Zero));
        UsageLimits.Read("Quota exhausted: Your quota has been exhausted. It will reset at 2026-07-28.\n\nPlease retry after the reset time, or switch to another API key / auth method.")!
            .ResetAt(now, TimeZoneInfo.Utc).ShouldBe(new DateTimeOffset(2026, 7, 28, 0, 1, 0, TimeSpan.Zero));
        UsageLimits.Read("[API Error: 429 fake rate limit]\nPossible quota limitations in place or slow response times detected. Please wait and try again later.").ShouldBeNull();
    }

    [Fact]
    public void Copilot_chooses_the_id_it_prints_only_at_the_end_and_the_same_flag_resumes_it()
    {
        var a = AgentRegistry.Get("copilot");
        var start = a.Start(Ctx("copilot", "--model", "gpt-5"));
        start.Arguments.Take(5).ShouldBe(["--output-format", "json", "--allow-all-tools", "--no-auto-update", "--session-id"]);
        Guid.TryParse(start.Arguments[5], out _).ShouldBeTrue();
        start.SessionId.ShouldBe(start.Arguments[5]);
        start.Arguments.Skip(6).ShouldBe(["--model", "gpt-5"]);
        Encoding.UTF8.GetString(start.Stdin!).ShouldBe("do it");
        a.Resume(Ctx("copilot"), "c0c0", Encoding.UTF8.GetBytes("Continue")).Arguments
            .ShouldBe(["--output-format", "json", "--allow-all-tools", "--no-auto-update", "--session-id", "c0c0"]);
        var p = a.NewParser(Ctx("copilot"));
        foreach (var line in L.CopilotSuccess.SkipLast(1)) p.OnLine(line, false).ShouldBeNull();
        p.OnLine(L.CopilotSuccess[^1], false).ShouldBe("c0c0c0c0-0000-4000-8000-000000000040");
    }

    [Fact]
    public void Copilot_is_resumed_only_once_its_session_state_exists()
    {
        var a = AgentRegistry.Get("copilot");
        a.CanResume(Ctx("copilot"), "c0c0").ShouldBeFalse();
        var state = Directory.CreateDirectory(Path.Combine(_dir, ".copilot", "session-state", "c0c0")).FullName;
        a.SessionFiles(Ctx("copilot"), "c0c0").ShouldBeEmpty();
        File.WriteAllText(Path.Combine(state, "events.jsonl"), "");
        a.CanResume(Ctx("copilot"), "c0c0").ShouldBeTrue();
        a.SessionFiles(Ctx("copilot"), "c0c0").ShouldBe([state]); // the whole state directory: events, workspace, checkpoints
        var moved = Ctx("copilot") with { Environment = new Dictionary<string, string> { ["HOME"] = _dir, ["COPILOT_HOME"] = Path.Combine(_dir, "c") } };
        a.CanResume(moved, "c0c0").ShouldBeFalse();
    }

    [Fact]
    public void Copilot_verdicts_come_from_session_error_and_the_result_exit_code()
    {
        Run("copilot", 0, L.CopilotSuccess).Outcome.ShouldBe(AttemptOutcome.Succeeded);
        var server = Run("copilot", 1, L.CopilotServerError);
        server.Outcome.ShouldBe(AttemptOutcome.Retryable);
        server.Detail.ShouldStartWith("model API error (exit 1): Failed to get response from the AI model; retried 5 times");
        var limited = Run("copilot", 1, L.CopilotRateLimited);
        limited.Detail.ShouldStartWith("rate limited (exit 1): ");
        limited.RetryAfter.ShouldBeNull(); // "total retry wait time: 10.88 seconds" is what it waited, not what to wait
        Run("copilot", 1, L.CopilotDropped).Outcome.ShouldBe(AttemptOutcome.Retryable);
        Run("copilot", 1, L.CopilotUnauthorized).Detail.ShouldStartWith("authentication refused: Authentication failed with provider");
        Run("copilot", 0, L.CopilotSuccess.SkipLast(1)).Detail.ShouldBe("exit 0 without result: the turn did not finish");
        Run("copilot", 1, [], L.CopilotUnknownArgument).Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        Run("copilot", 1, [], L.CopilotNoSuchSession).Outcome.ShouldBe(AttemptOutcome.NonRetryable);
    }

    [Fact]
    public void A_copilot_turn_cancelled_by_a_signal_is_not_a_success_though_its_result_says_exit_code_0()
    {
        var v = Run("copilot", 0, L.CopilotSigterm);
        v.Outcome.ShouldBe(AttemptOutcome.Retryable);
        v.Detail.ShouldBe("the turn was cancelled (assistant.idle aborted) (exit 0)");
        Run("copilot", ExitStatus.Killed(15), L.CopilotSigterm).Detail.ShouldBe("killed by SIGTERM");
    }

    [Fact]
    public void A_retry_summary_in_a_copilot_error_is_not_read_as_a_status()
    {
        var dropped = """{"type":"session.error","data":{"errorType":"query","message":"Failed to get response from the AI model; retried 5 times (total retry wait time: 401.50 seconds) Last error: connection error"}}""";
        Run("copilot", 1, [dropped, """{"type":"result","sessionId":"c0c0","exitCode":1}"""]).Outcome.ShouldBe(AttemptOutcome.Retryable);
    }

    [Fact]
    public void Copilots_github_limits_are_usage_limits_with_the_reset_they_name()
    {
        foreach (var piece in L.CopilotPieces.Where(p => p.StartsWith("You've") || p.StartsWith("No ") || p.StartsWith("AI ")))
            UsageLimits.Read(piece).ShouldNotBeNull(piece);
        var zone = TimeZoneInfo.Utc;
        var now = new DateTimeOffset(2026, 4, 18, 10, 0, 0, TimeSpan.Zero);
        UsageLimits.Read(L.CopilotSeen[0])!.ResetAt(now, zone).ShouldBe(new DateTimeOffset(2026, 4, 20, 2, 1, 0, TimeSpan.Zero));
        UsageLimits.Read(L.CopilotSeen[1])!.ResetAt(now, zone).ShouldBe(now.AddHours(51));
        UsageLimits.Read(L.CopilotSeen[2])!.ResetAt(now, zone).ShouldBe(now.AddSeconds(6));
        var weekly = $$$"""{"type":"session.error","data":{"errorType":"rate_limit","message":"{{{JsonEncodedText.Encode(L.CopilotSeen[0])}}}","statusCode":429}}""";
        var v = Run("copilot", 1, [weekly, """{"type":"result","sessionId":"c0c0","exitCode":1}"""]);
        v.Outcome.ShouldBe(AttemptOutcome.Retryable);
        v.UsageLimit.ShouldNotBeNull();
    }

    [Fact]
    public void Doctor_says_where_qwen_and_copilot_keep_the_conversation()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        foreach (var name in new[] { "qwen", "copilot" })
        {
            File.WriteAllText(Path.Combine(bin, name), "#!/bin/sh\n");
            File.SetUnixFileMode(Path.Combine(bin, name), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        var env = new Dictionary<string, string> { ["PATH"] = bin, ["HOME"] = _dir };
        var project = Directory.CreateDirectory(Path.Combine(_dir, "my_app")).FullName;
        TaskRecord Task(string agent) => new() { Name = "t", Agent = agent, ProjectDir = project, TmuxSession = $"{agent}-t", AgentSessionId = "4a1e" };
        ResumeReadiness.Check(Task("qwen"), env).Detail.ShouldContain("chat of session 4a1e for " + project + " not found");
        ResumeReadiness.Check(Task("copilot"), env).Ok.ShouldBeFalse();
        var chats = Directory.CreateDirectory(Path.Combine(_dir, ".qwen", "projects", project.Replace('/', '-').Replace('_', '-'), "chats")).FullName;
        File.WriteAllText(Path.Combine(chats, "4a1e.jsonl"), "");
        ResumeReadiness.Check(Task("qwen"), env).Detail.ShouldContain("qwen resumes only from this directory");
        var state = Directory.CreateDirectory(Path.Combine(_dir, ".copilot", "session-state", "4a1e")).FullName;
        File.WriteAllText(Path.Combine(state, "events.jsonl"), "");
        ResumeReadiness.Check(Task("copilot"), env).Ok.ShouldBeTrue();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
