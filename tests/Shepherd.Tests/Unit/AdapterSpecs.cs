using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>Each adapter's argv and its verdict from the real CLI's own events (lines as agents.md records them).</summary>
public sealed class AdapterSpecs
{
    private static AgentContext Ctx(string agent, params string[] extra) => new(
        new TaskRecord { Id = 7, Name = "fix", Agent = agent, ProjectDir = "/src/app", TmuxSession = $"{agent}-fix", ExtraArgs = extra },
        "/state/tasks/fix", Encoding.UTF8.GetBytes("do it"));

    private static readonly byte[] Continue = Encoding.UTF8.GetBytes("Continue");

    private static Verdict Run(string agent, int exit, params string[] stdout)
    {
        var a = AgentRegistry.Get(agent);
        var p = a.NewParser(Ctx(agent));
        foreach (var line in stdout) p.OnLine(line, false);
        return a.Classify(ExitStatus.Exited(exit), p.Facts);
    }

    [Fact]
    public void Codex_reads_both_prompts_from_stdin_and_keeps_the_sandbox_and_extra_options_before_resume()
    {
        var a = AgentRegistry.Get("codex");
        var start = a.Start(Ctx("codex", "-m", "o3"));
        start.Arguments.ShouldBe(["exec", "--json", "--skip-git-repo-check", "-s", "workspace-write", "-m", "o3", "-"]);
        Encoding.UTF8.GetString(start.Stdin!).ShouldBe("do it");
        var resume = a.Resume(Ctx("codex", "-m", "o3"), "0199-id", Continue);
        resume.Arguments.ShouldBe(["exec", "--json", "--skip-git-repo-check", "-s", "workspace-write", "-m", "o3", "resume", "0199-id", "-"]);
        Encoding.UTF8.GetString(resume.Stdin!).ShouldBe("Continue");
        var p = a.NewParser(Ctx("codex"));
        p.OnLine("{\"type\":\"thread.started\",\"thread_id\":\"0199a-b\"}", false).ShouldBe("0199a-b");
        a.NewParser(Ctx("codex")).Also(x => x.OnLine("Error: thread/resume failed: no rollout found for thread id 1", true)).Facts.SessionMissing.ShouldBeTrue();
    }

    [Fact]
    public void Codex_verdict_comes_from_its_last_terminal_event_not_from_the_reply()
    {
        Run("codex", 0, "{\"type\":\"item.completed\",\"item\":{\"type\":\"agent_message\",\"text\":\"Added rate limiting: 429 Too Many Requests\"}}",
            "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":429,\"output_tokens\":1}}").Outcome.ShouldBe(AttemptOutcome.Succeeded);
        // item type "error" is a harmless warning
        Run("codex", 0, "{\"type\":\"item.completed\",\"item\":{\"type\":\"error\",\"message\":\"Model metadata for `fake-model` not found\"}}",
            "{\"type\":\"turn.completed\"}").Outcome.ShouldBe(AttemptOutcome.Succeeded);
        Run("codex", 0, "{\"type\":\"error\",\"message\":\"unexpected status 400: transient\"}", "{\"type\":\"turn.completed\"}")
            .Outcome.ShouldBe(AttemptOutcome.Succeeded);
        Run("codex", 1, "{\"type\":\"turn.failed\",\"error\":{\"message\":\"unexpected status 401 Unauthorized\"}}")
            .Outcome.ShouldBe(AttemptOutcome.NonRetryable);
    }

    [Fact]
    public void Claude_chooses_a_fresh_uuid_resumes_by_it_and_is_judged_by_its_result_event()
    {
        var a = AgentRegistry.Get("claude");
        var s1 = a.Start(Ctx("claude"));
        var s2 = a.Start(Ctx("claude"));
        s1.Arguments.Take(2).ShouldBe(["-p", "--session-id"]);
        Guid.TryParse(s1.Arguments[2], out _).ShouldBeTrue();
        s1.Arguments[2].ShouldNotBe(s2.Arguments[2]);
        a.Resume(Ctx("claude"), "abc", Continue).Arguments.ShouldBe(
            ["-p", "--resume", "abc", "--output-format", "stream-json", "--verbose", "--dangerously-skip-permissions"]);
        var p = a.NewParser(Ctx("claude"));
        p.OnLine("{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":\"/x\",\"session_id\":\"5f0c\",\"tools\":[]}", false).ShouldBe("5f0c");
        Run("claude", 1, "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,\"api_error_status\":400,\"result\":\"API Error: 400 bad\"}")
            .Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        Run("claude", 0, "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"rate limit 429 handled\"}")
            .Outcome.ShouldBe(AttemptOutcome.Succeeded);
    }

    [Fact]
    public void Claude_refusing_to_run_as_root_is_not_retried()
    {
        var a = AgentRegistry.Get("claude");
        var p = a.NewParser(Ctx("claude"));
        p.OnLine("--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons", true);
        var v = a.Classify(ExitStatus.Exited(1), p.Facts);
        v.Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        v.Detail.ShouldContain("IS_SANDBOX=1");
    }

    [Fact]
    public void OpenCode_sets_a_title_resumes_with_dir_and_respects_its_retryable_flag()
    {
        var a = AgentRegistry.Get("opencode");
        a.Start(Ctx("opencode")).Arguments.ShouldBe(["run", "--format", "json", "--title", "shepherd-fix-7"]);
        var resume = a.Resume(Ctx("opencode"), "ses_1", Encoding.UTF8.GetBytes("Continue please"));
        resume.Arguments.ShouldBe(["run", "--format", "json", "--session", "ses_1", "--dir", "/src/app"]);
        Encoding.UTF8.GetString(resume.Stdin!).ShouldBe("Continue please"); // in argv OpenCode quotes it: "\"Continue please\""
        a.NewParser(Ctx("opencode")).OnLine("{\"type\":\"step_start\",\"sessionID\":\"ses_abc\",\"part\":{}}", false).ShouldBe("ses_abc");
        Run("opencode", 1, "{\"type\":\"error\",\"sessionID\":\"ses_abc\",\"error\":{\"name\":\"APIError\",\"data\":{\"message\":\"Bad\",\"statusCode\":503,\"isRetryable\":false}}}")
            .Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        Run("opencode", 0, "{\"type\":\"step_finish\",\"sessionID\":\"ses_abc\",\"part\":{\"reason\":\"stop\"}}").Outcome.ShouldBe(AttemptOutcome.Succeeded);
    }

    [Fact]
    public void Pi_resumes_by_its_session_file_only_when_it_exists()
    {
        var a = AgentRegistry.Get("pi");
        var ctx = Ctx("pi");
        a.Start(ctx).Arguments.ShouldBe(["-p", "--mode", "json", "--session", "/state/tasks/fix/pi-session.jsonl"]);
        a.Resume(ctx, "/state/tasks/fix/pi-session.jsonl", Continue).Arguments.ShouldBe(["-p", "--mode", "json", "--session", "/state/tasks/fix/pi-session.jsonl"]);
        a.NewParser(ctx).OnLine("{\"type\":\"session\",\"version\":3,\"id\":\"0199\",\"cwd\":\"/x\"}", false).ShouldBe("/state/tasks/fix/pi-session.jsonl");
        a.CanResume(ctx, "/nonexistent/pi-session.jsonl").ShouldBeFalse();
        var existing = Path.GetTempFileName();
        try { a.CanResume(ctx, existing).ShouldBeTrue(); } finally { File.Delete(existing); }
    }

    [Fact]
    public void Pi_is_judged_by_its_last_agent_end_and_auto_retry_end_even_with_exit_0()
    {
        const string error = "{\"type\":\"agent_end\",\"messages\":[{\"role\":\"assistant\",\"stopReason\":\"error\",\"errorMessage\":\"503 Service Unavailable\"}]}";
        Run("pi", 0, error).Outcome.ShouldBe(AttemptOutcome.Retryable);
        Run("pi", 0, error, "{\"type\":\"auto_retry_end\",\"success\":false,\"attempt\":3,\"finalError\":\"400 bad request\"}")
            .Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        Run("pi", 0, error, "{\"type\":\"auto_retry_start\",\"attempt\":1}",
            "{\"type\":\"message_end\",\"message\":{\"role\":\"assistant\",\"stopReason\":\"stop\"}}",
            "{\"type\":\"auto_retry_end\",\"success\":true,\"attempt\":1}",
            "{\"type\":\"agent_end\",\"messages\":[{\"role\":\"assistant\",\"stopReason\":\"stop\"}]}").Outcome.ShouldBe(AttemptOutcome.Succeeded);
    }

    [Theory]
    [InlineData("Rate limit reached. Please try again in 20s.", 20)]
    [InlineData("429 Too Many Requests; retry-after: 7", 7)]
    [InlineData("rate_limit_error: try again in 2 minutes", 120)]
    public void Rate_limit_messages_give_a_reset_time(string message, int seconds) =>
        ErrorPatterns.RetryAfter(message).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Unknown_agents_are_usage_errors() => Should.Throw<UsageException>(() => AgentRegistry.Get("gpt"));
}

internal static class FluentExtensions
{
    public static T Also<T>(this T value, Action<T> act)
    {
        act(value);
        return value;
    }
}
