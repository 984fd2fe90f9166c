using System.Text;
using Microsoft.Extensions.Time.Testing;
using Shepherd.Agents;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>Each adapter's argv and how it reads the real CLI's output (lines as agents.md records them).</summary>
public sealed class AdapterSpecs
{
    private static readonly FakeTimeProvider Clock = new();
    private static readonly AgentRegistry Agents = new(Clock);

    private static AgentContext Ctx(string agent, params string[] extra) => new(
        new TaskRecord { Id = 7, Name = "fix", Agent = agent, ProjectDir = "/src/app", TmuxSession = $"{agent}-fix", ExtraArgs = extra },
        "/state/tasks/fix", Encoding.UTF8.GetBytes("do it"));

    [Fact]
    public void Codex_reads_the_prompt_from_stdin_and_resumes_by_thread_id()
    {
        var a = Agents.Get("codex");
        var start = a.Start(Ctx("codex", "-m", "o3"));
        start.Arguments.ShouldBe(["exec", "--json", "--skip-git-repo-check", "-s", "workspace-write", "-m", "o3", "-"]);
        Encoding.UTF8.GetString(start.Stdin!).ShouldBe("do it");
        a.Resume(Ctx("codex"), "0199-id", "Continue").Arguments.ShouldBe(["exec", "resume", "--json", "--skip-git-repo-check", "0199-id", "Continue"]);
        var p = a.NewParser(Ctx("codex"));
        p.OnLine("{\"type\":\"thread.started\",\"thread_id\":\"0199a-b\"}", false).ShouldBe("0199a-b");
        p.OnLine("{\"type\":\"item.completed\",\"item\":{\"type\":\"error\",\"message\":\"Model metadata for `fake-model` not found\"}}", false).ShouldBeNull();
        p.Facts.ApiError.ShouldBeFalse(); // item type "error" is a harmless warning
        p.OnLine("{\"type\":\"turn.failed\",\"error\":{\"message\":\"unexpected status 401 Unauthorized\"}}", false);
        p.Facts.StatusCode.ShouldBe(401);
        a.NewParser(Ctx("codex")).Also(x => x.OnLine("Error: thread/resume failed: no rollout found for thread id 1", true)).Facts.SessionMissing.ShouldBeTrue();
    }

    [Fact]
    public void Claude_chooses_a_fresh_uuid_and_resumes_by_it()
    {
        var a = Agents.Get("claude");
        var s1 = a.Start(Ctx("claude"));
        var s2 = a.Start(Ctx("claude"));
        s1.Arguments[0].ShouldBe("-p");
        s1.Arguments[1].ShouldBe("--session-id");
        Guid.TryParse(s1.Arguments[2], out _).ShouldBeTrue();
        s1.Arguments[2].ShouldNotBe(s2.Arguments[2]);
        s1.Arguments.ShouldContain("--verbose");
        a.Resume(Ctx("claude"), "abc", "Continue").Arguments.ShouldBe(
            ["-p", "--resume", "abc", "--output-format", "stream-json", "--verbose", "--dangerously-skip-permissions", "Continue"]);
        var p = a.NewParser(Ctx("claude"));
        p.OnLine("{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":\"/x\",\"session_id\":\"5f0c\",\"tools\":[]}", false).ShouldBe("5f0c");
        p.OnLine("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,\"api_error_status\":400,\"result\":\"API Error: 400 bad\"}", false);
        p.Facts.ApiError.ShouldBeTrue();
        p.Facts.StatusCode.ShouldBe(400);
    }

    [Fact]
    public void Claude_refusing_to_run_as_root_is_not_retried()
    {
        var p = Agents.Get("claude").NewParser(Ctx("claude"));
        p.OnLine("--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons", true);
        var outcome = ExitClassifier.Classify(Shepherd.Platform.ExitStatus.Exited(1), p.Facts);
        outcome.Kind.ShouldBe(Outcome.NonRetryable);
        outcome.Detail.ShouldContain("IS_SANDBOX=1");
    }

    [Fact]
    public void OpenCode_sets_a_title_and_resumes_with_dir()
    {
        var a = Agents.Get("opencode");
        a.Start(Ctx("opencode")).Arguments.ShouldBe(["run", "--format", "json", "--title", "shepherd-fix-7"]);
        var resume = a.Resume(Ctx("opencode"), "ses_1", "Continue please");
        resume.Arguments.ShouldBe(["run", "--format", "json", "--session", "ses_1", "--dir", "/src/app"]);
        Encoding.UTF8.GetString(resume.Stdin!).ShouldBe("Continue please"); // in argv OpenCode quotes it: "\"Continue please\""
        var p = a.NewParser(Ctx("opencode"));
        p.OnLine("{\"type\":\"step_start\",\"sessionID\":\"ses_abc\",\"part\":{}}", false).ShouldBe("ses_abc");
        p.OnLine("{\"type\":\"error\",\"sessionID\":\"ses_abc\",\"error\":{\"name\":\"APIError\",\"data\":{\"message\":\"Bad\",\"statusCode\":400,\"isRetryable\":false}}}", false);
        p.Facts.ErrorRetryable.ShouldBe(false);
        p.Facts.StatusCode.ShouldBe(400);
    }

    [Fact]
    public void Pi_resumes_by_its_session_file_only_when_it_exists()
    {
        var a = Agents.Get("pi");
        var ctx = Ctx("pi");
        a.Start(ctx).Arguments.ShouldBe(["-p", "--mode", "json", "--session", "/state/tasks/fix/pi-session.jsonl"]);
        var p = a.NewParser(ctx);
        p.OnLine("{\"type\":\"session\",\"version\":3,\"id\":\"0199\",\"cwd\":\"/x\"}", false).ShouldBe("/state/tasks/fix/pi-session.jsonl");
        a.CanResume(ctx, "/nonexistent/pi-session.jsonl").ShouldBeFalse();
        var existing = Path.GetTempFileName();
        try { a.CanResume(ctx, existing).ShouldBeTrue(); } finally { File.Delete(existing); }
        p.OnLine("{\"type\":\"message_end\",\"message\":{\"role\":\"assistant\",\"stopReason\":\"error\",\"errorMessage\":\"500 boom\"}}", false);
        p.Facts.ApiError.ShouldBeTrue();
        p.Facts.StatusCode.ShouldBe(500);
    }

    [Theory]
    [InlineData("Rate limit reached. Please try again in 20s.", 20)]
    [InlineData("429 Too Many Requests; retry-after: 7", 7)]
    [InlineData("rate_limit_error: try again in 2 minutes", 120)]
    public void Rate_limit_messages_give_a_reset_time(string line, int seconds)
    {
        var p = Agents.Get("codex").NewParser(Ctx("codex"));
        p.OnLine(line, true);
        p.Facts.RateLimited.ShouldBeTrue();
        p.Facts.RetryAfter.ShouldBe(Clock.GetUtcNow() + TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void Unknown_agents_are_usage_errors() => Should.Throw<UsageException>(() => Agents.Get("gpt"));
}

internal static class FluentExtensions
{
    public static T Also<T>(this T value, Action<T> act)
    {
        act(value);
        return value;
    }
}
