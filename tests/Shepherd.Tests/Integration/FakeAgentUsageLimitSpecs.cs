using System.Diagnostics;
using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Tasks;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary>The fake agent's usage-limit step prints what each real CLI prints, so the adapters read it as a usage
/// limit whose reset is the one the step asked for (Codex to the end of its minute, Claude's event to the second).</summary>
public sealed class FakeAgentUsageLimitSpecs
{
    [Theory(Timeout = 30_000)]
    [InlineData("codex", "usage-limit:90", 1, 60)]
    [InlineData("claude", "usage-limit:90", 1, 1)]
    [InlineData("claude", "usage-limit:in-90", 1, 1)]
    [InlineData("opencode", "usage-limit:90", 1, 60)]
    [InlineData("pi", "usage-limit:90", 0, 60)]
    [InlineData("gemini", "usage-limit:90", 173, 1)]
    [InlineData("qwen", "usage-limit:90", 1, 60)]
    [InlineData("qwen", "usage-limit:in-90", 1, 1)]
    [InlineData("copilot", "usage-limit:90", 1, 60)]
    public async Task Each_imitation_prints_its_real_usage_limit(string agent, string plan, int exit, int slackSeconds)
    {
        var adapter = AgentRegistry.Get(agent);
        var ctx = new AgentContext(new TaskRecord { Id = 1, Name = "limit", Agent = agent, ProjectDir = "/src/app", TmuxSession = "s" },
            "/nonexistent/tasks/limit", Encoding.UTF8.GetBytes("do it"));
        var state = Directory.CreateTempSubdirectory("fake-limit-");
        try
        {
            var before = DateTimeOffset.UtcNow;
            var (code, lines) = await RunFake(adapter.Start(ctx).Arguments, plan, state.FullName);
            code.ShouldBe(exit);
            var parser = adapter.NewParser(ctx);
            foreach (var line in lines) parser.OnLine(line, false);
            var verdict = adapter.Classify(ExitStatus.Exited(code), parser.Facts);
            verdict.Outcome.ShouldBe(AttemptOutcome.Retryable);
            verdict.Detail.ShouldStartWith("usage limit reached: ");
            var at = verdict.UsageLimit.ShouldNotBeNull().ResetAt(DateTimeOffset.UtcNow, TimeZoneInfo.Local).ShouldNotBeNull();
            at.ShouldBeInRange(before.AddSeconds(89), DateTimeOffset.UtcNow.AddSeconds(90 + slackSeconds));
        }
        finally { state.Delete(true); }
    }

    /// <summary>A reset on the hour: Claude names it "5am", which .NET's lone "h" format cannot print (the fake agent
    /// crashed with SIGABRT in every task whose reset fell in a minute :00, failing the chaos harness by the clock).</summary>
    [Theory(Timeout = 30_000)]
    [InlineData("claude", "You've hit your session limit · resets 5am (UTC)")]
    [InlineData("codex", "or try again at 5:00 AM.")]
    public async Task A_reset_on_the_hour_is_printed_as_the_CLI_prints_it(string agent, string expected)
    {
        var adapter = AgentRegistry.Get(agent);
        var ctx = new AgentContext(new TaskRecord { Id = 1, Name = "limit", Agent = agent, ProjectDir = "/src/app", TmuxSession = "s" },
            "/nonexistent/tasks/limit", Encoding.UTF8.GetBytes("do it"));
        var state = Directory.CreateTempSubdirectory("fake-limit-");
        try
        {
            var now = DateTimeOffset.Parse("2026-12-05T04:59:30Z");
            var (code, lines) = await RunFake(adapter.Start(ctx).Arguments, "usage-limit:30", state.FullName, now);
            code.ShouldBe(1);
            lines.ShouldContain(l => l.Contains(expected));
            var parser = adapter.NewParser(ctx);
            foreach (var line in lines) parser.OnLine(line, false);
            var verdict = adapter.Classify(ExitStatus.Exited(code), parser.Facts);
            verdict.UsageLimit.ShouldNotBeNull().ResetAt(now, TimeZoneInfo.Utc).ShouldNotBeNull().ShouldBe(DateTimeOffset.Parse("2026-12-05T05:00:00Z"),
                TimeSpan.FromMinutes(1));
        }
        finally { state.Delete(true); }
    }

    private static async Task<(int Code, List<string> Lines)> RunFake(IEnumerable<string> args, string plan, string state, DateTimeOffset? now = null)
    {
        var start = new ProcessStartInfo(Repo.FakeAgentBin) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["FAKE_AGENT_PLAN"] = plan;
        start.Environment["FAKE_AGENT_STATE"] = state;
        start.Environment["GEMINI_CLI_HOME"] = state; // its chats: never the user's
        if (now is { } n)
        {
            start.Environment["FAKE_AGENT_NOW"] = n.ToString("O");
            start.Environment["TZ"] = "UTC";
        }
        using var p = Process.Start(start).ShouldNotBeNull();
        p.StandardInput.Close();
        var lines = new List<string>();
        while (await p.StandardOutput.ReadLineAsync() is { } line) lines.Add(line);
        await p.WaitForExitAsync();
        return (p.ExitCode, lines);
    }
}
