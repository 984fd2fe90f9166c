using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Tasks;
using Shouldly;
using G = Shepherd.Tests.Unit.GeminiCapturedOutput;

namespace Shepherd.Tests.Unit;

/// <summary>Gemini CLI's argv, session handling and verdicts, from its real output lines (<see cref="GeminiCapturedOutput"/>).</summary>
public sealed class GeminiAdapterSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-gemini-").FullName;
    private static readonly IAgentAdapter Gemini = AgentRegistry.Get("gemini");

    private AgentContext Ctx(params string[] extra) => new(
        new TaskRecord { Id = 7, Name = "fix", Agent = "gemini", ProjectDir = Path.Combine(_dir, "app"), TmuxSession = "gemini-fix", ExtraArgs = extra },
        "/state/tasks/fix", Encoding.UTF8.GetBytes("do it"))
    {
        Environment = new Dictionary<string, string> { ["HOME"] = Path.Combine(_dir, "home") },
    };

    private Verdict Run(int exit, params string[] stdout) => RunWith(exit, [], stdout);

    private Verdict RunWith(int exit, string[] stderr, params string[] stdout)
    {
        var p = Gemini.NewParser(Ctx());
        foreach (var line in stdout) p.OnLine(line, false);
        foreach (var line in stderr) p.OnLine(line, true);
        return Gemini.Classify(ExitStatus.Exited(exit), p.Facts);
    }

    [Fact]
    public void It_gets_the_prompt_on_stdin_a_fresh_session_id_and_resumes_by_that_id()
    {
        var s1 = Gemini.Start(Ctx("-m", "gemini-2.5-pro"));
        var s2 = Gemini.Start(Ctx());
        s1.Arguments.ShouldBe(["-o", "stream-json", "--skip-trust", "--approval-mode", "yolo", "--session-id", s1.SessionId!, "-m", "gemini-2.5-pro"]);
        Guid.TryParse(s1.SessionId, out _).ShouldBeTrue();
        s1.SessionId.ShouldNotBe(s2.SessionId);
        Encoding.UTF8.GetString(s1.Stdin!).ShouldBe("do it");
        var resume = Gemini.Resume(Ctx(), "9efb16bd-6640-4fcd-b428-ec1bf0bc04ac", Encoding.UTF8.GetBytes("Continue"));
        resume.Arguments.ShouldBe(["-o", "stream-json", "--skip-trust", "--approval-mode", "yolo", "--resume", "9efb16bd-6640-4fcd-b428-ec1bf0bc04ac"]);
        Encoding.UTF8.GetString(resume.Stdin!).ShouldBe("Continue");
        resume.SessionId.ShouldBeNull();
        Gemini.NewParser(Ctx()).OnLine(G.Init, false).ShouldBe("9efb16bd-6640-4fcd-b428-ec1bf0bc04ac");
    }

    [Fact]
    public void Its_result_event_decides_and_an_exit_0_without_it_was_a_signal()
    {
        Run(0, G.Init, G.UserMessage, G.Success).Outcome.ShouldBe(AttemptOutcome.Succeeded);
        // SIGINT, SIGTERM and SIGHUP end it with exit 0 and no result.
        var cut = Run(0, G.Init, G.UserMessage);
        cut.Outcome.ShouldBe(AttemptOutcome.Retryable);
        cut.Detail.ShouldBe("exit 0 without result: the turn did not finish");
        // Its own retries past an error do not decide the run.
        RunWith(0, [G.RetryNote], G.Init, G.Success).Outcome.ShouldBe(AttemptOutcome.Succeeded);
    }

    [Theory]
    [InlineData(nameof(G.Error429), 173, AttemptOutcome.Retryable, "rate limited (exit 173): [API Error: fake error 429]")]
    [InlineData(nameof(G.Error500), 244, AttemptOutcome.Retryable, "model API error (exit 244)")]
    [InlineData(nameof(G.Error503), 247, AttemptOutcome.Retryable, "model API error (exit 247)")]
    [InlineData(nameof(G.Error400), 144, AttemptOutcome.NonRetryable, "request rejected")]
    [InlineData(nameof(G.Error401), 145, AttemptOutcome.NonRetryable, "authentication refused")]
    [InlineData(nameof(G.Dropped), 1, AttemptOutcome.Retryable, "model API error (exit 1): [API Error: exception TypeError: fetch failed")]
    public void An_api_error_exits_with_its_http_status_mod_256_and_is_judged_by_that_status(string line, int exit, AttemptOutcome outcome, string detail)
    {
        var v = Run(exit, G.Init, G.UserMessage, Line(line));
        v.Outcome.ShouldBe(outcome);
        v.Detail.ShouldStartWith(detail);
        v.Detail.ShouldNotContain("killed by"); // 144–159 are HTTP 400–415 here, not signals
    }

    [Theory]
    [InlineData(41, AttemptOutcome.NonRetryable, "authentication failed (exit 41): Invalid auth method selected.")]
    [InlineData(42, AttemptOutcome.NonRetryable, "input rejected (exit 42)")]
    [InlineData(44, AttemptOutcome.NonRetryable, "sandbox error (exit 44)")]
    [InlineData(52, AttemptOutcome.NonRetryable, "configuration error (exit 52)")]
    [InlineData(53, AttemptOutcome.NonRetryable, "turn limit reached (exit 53")]
    [InlineData(54, AttemptOutcome.Retryable, "a tool failed fatally (exit 54")]
    [InlineData(55, AttemptOutcome.NonRetryable, "untrusted workspace (exit 55)")]
    [InlineData(130, AttemptOutcome.Retryable, "turn cancelled (exit 130)")]
    public void Its_fatal_exit_codes_are_judged_by_what_they_mean(int exit, AttemptOutcome outcome, string detail)
    {
        var v = RunWith(exit, exit == 41 ? [G.NoAuthType] : []);
        v.Outcome.ShouldBe(outcome);
        v.Detail.ShouldStartWith(detail);
    }

    [Fact]
    public void Its_own_words_explain_a_fatal_exit_and_a_missing_session_is_named()
    {
        // As handleMaxTurnsExceededError builds it (read, not captured): a result error, then exit 53.
        Run(53, G.Init, """{"type":"result","timestamp":"2026-12-04T20:50:00.000Z","status":"error","error":{"type":"FatalTurnLimitedError","message":"Reached max session turns for this session. Increase the number of turns by specifying maxSessionTurns in settings.json."},"stats":{}}""")
            .Detail.ShouldBe("turn limit reached (exit 53: maxSessionTurns in settings.json): Reached max session turns for this session. Increase the number of turns by specifying maxSessionTurns in settings.json.");
        RunWith(41, G.NoApiKey).Detail.ShouldBe("authentication failed (exit 41): When using Gemini API, you must specify the GEMINI_API_KEY environment variable.");
        RunWith(42, [G.IdExists]).Detail.ShouldContain("already exists");
        var p = Gemini.NewParser(Ctx());
        p.Facts.ResumedId = "11111111-2222-3333-4444-555555555555";
        p.OnLine(G.ResumeUnknown, true);
        var v = Gemini.Classify(ExitStatus.Exited(42), p.Facts);
        v.Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        v.Detail.ShouldBe("the agent cannot find session 11111111-2222-3333-4444-555555555555");
        RunWith(42, [G.ResumeNoneHere]).Detail.ShouldBe("the agent cannot find the session it was asked to resume");
        RunWith(1, ["Unknown argument: bogus", "Usage: gemini [options] [command]"]).Detail.ShouldStartWith("bad arguments (exit 1): Unknown argument: bogus");
    }

    [Fact]
    public void Its_quota_messages_are_usage_limits_with_the_reset_they_name()
    {
        var now = new DateTimeOffset(2026, 12, 4, 20, 45, 0, TimeSpan.Zero);
        var capacity = Run(173, G.Init, G.CapacityExhausted);
        capacity.Detail.ShouldStartWith("usage limit reached: [API Error: You have exhausted your capacity on this model.");
        capacity.UsageLimit.ShouldNotBeNull().ResetAt(now, TimeZoneInfo.Utc).ShouldBe(now + new TimeSpan(8, 44, 7));
        var daily = Run(173, G.Init, G.DailyQuota);
        daily.Detail.ShouldStartWith("usage limit reached: [API Error: You have exhausted your daily quota on this model.]");
        daily.UsageLimit.ShouldNotBeNull().Reset.ShouldBeNull();
        Run(173, G.Init, G.TerminalRetryAfter).UsageLimit.ShouldNotBeNull().ResetAt(now, TimeZoneInfo.Utc).ShouldBe(now.AddHours(1));
        // Up to 300 s it is a rate limit Gemini retries itself; given up on, it waits what the server suggested.
        var brief = Run(173, G.Init, G.RetryableRetryAfter);
        brief.UsageLimit.ShouldBeNull();
        brief.Detail.ShouldStartWith("rate limited (exit 173)");
        brief.RetryAfter.ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void It_is_resumed_only_while_its_chat_in_this_directory_holds_a_prompt()
    {
        const string id = "9efb16bd-6640-4fcd-b428-ec1bf0bc04ac";
        var ctx = Ctx();
        var gemini = Directory.CreateDirectory(Path.Combine(_dir, "home", ".gemini")).FullName;
        Gemini.CanResume(ctx, id).ShouldBeFalse();
        File.WriteAllText(Path.Combine(gemini, "projects.json"), $$$"""{"projects":{"{{{ctx.Task.ProjectDir}}}":"app"}}""");
        var chats = Directory.CreateDirectory(Path.Combine(gemini, "tmp", "app", "chats")).FullName;
        var chat = Path.Combine(chats, "session-2026-12-04T20-34-9efb16bd.jsonl");
        // What Gemini writes first: the header and its start-up context (not resumable: its cleanup deletes such a file).
        File.WriteAllText(chat, $$$"""
            {"sessionId":"{{{id}}}","projectHash":"38df","startTime":"2026-12-04T20:34:54.913Z","lastUpdated":"2026-12-04T20:34:54.913Z","kind":"main"}
            {"$set":{"messages":[{"id":"d049","timestamp":"2026-12-04T20:34:54.914Z","type":"user","content":[{"text":"<session_context>\nThis is the Gemini CLI."}]}]}}

            """);
        Gemini.CanResume(ctx, id).ShouldBeFalse();
        Gemini.SessionFiles(ctx, id).ShouldBeEmpty(); // nothing a snapshot could bring back
        File.AppendAllText(chat, """{"id":"a849","timestamp":"2026-12-04T20:34:55.364Z","type":"user","content":[{"text":"first prompt ALPHA"}]}""" + "\n");
        Gemini.CanResume(ctx, id).ShouldBeTrue();
        Gemini.SessionFiles(ctx, id).ShouldBe([chat]);
        Gemini.CanResume(ctx, "9efb16bd-0000-0000-0000-000000000000").ShouldBeFalse(); // same file name, another id
        // A turn that failed with an API error: Gemini rewrites its messages without that turn's prompt.
        File.AppendAllText(chat, """{"$set":{"messages":[{"id":"d049","timestamp":"2026-12-04T20:34:54.914Z","type":"user","content":[{"text":"<session_context>\nThis is the Gemini CLI."}]}]}}""" + "\n");
        Gemini.CanResume(ctx, id).ShouldBeFalse();
        File.AppendAllText(chat, """{"id":"b1","type":"user","content":[{"text":"again"}]}""" + "\n" + """{"id":"b2","type":"gemini","content":"OK"}""" + "\n");
        Gemini.CanResume(ctx, id).ShouldBeTrue();
        File.AppendAllText(chat, """{"$rewindTo":"b1"}""" + "\n");
        Gemini.CanResume(ctx, id).ShouldBeFalse();
        File.AppendAllText(chat, """{"id":"c1","type":"user","content":"a prompt as a string"}""" + "\n");
        Gemini.CanResume(ctx with { Environment = new Dictionary<string, string> { ["HOME"] = "/nonexistent", ["GEMINI_CLI_HOME"] = Path.Combine(_dir, "home") } }, id)
            .ShouldBeTrue();
        var elsewhere = ctx with { Task = ctx.Task with { ProjectDir = Path.Combine(_dir, "other") } };
        Gemini.CanResume(elsewhere, id).ShouldBeFalse();
        ResumeReadiness.Check(ctx.Task with { AgentSessionId = id }, Env(ctx)).Detail.ShouldContain($"chat of session {id} for {ctx.Task.ProjectDir} at {chat}");
    }

    private Dictionary<string, string> Env(AgentContext ctx)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "gemini"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(bin, "gemini"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        Directory.CreateDirectory(ctx.Task.ProjectDir);
        return new(ctx.Environment) { ["PATH"] = bin };
    }

    private static string Line(string name) => (string)typeof(G).GetField(name)!.GetValue(null)!;

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
