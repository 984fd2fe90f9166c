using System.Diagnostics;
using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Tasks;
using Shepherd.Tests.Support;
using Shouldly;
using N = Shepherd.Tests.Unit.RealNextAgentConversationErrors;
using R = Shepherd.Tests.Unit.RealConversationErrors;

namespace Shepherd.Tests.Integration;

/// <summary>The fake agent's <c>refused</c> and <c>overflow</c> steps print what each real CLI prints, with its exit
/// code, so the adapters give the same verdict as on the real CLI's lines: a handoff.</summary>
public sealed class FakeAgentHandoffSpecs
{
    public static TheoryData<string, string, int, string[]> Steps => new()
    {
        { "codex", "refused", 1, R.CodexRefused },
        { "codex", "overflow", 1, R.CodexPastContextWindow },
        { "claude", "refused", 1, R.ClaudeRefused },
        { "claude", "overflow", 1, R.ClaudePastContextWindow },
        { "opencode", "refused", 1, [R.OpenCodeRefused] },
        { "opencode", "overflow", 1, R.OpenCodePastContextWindow },
        { "pi", "refused", 0, [R.PiRefused] },
        { "pi", "overflow", 0, R.PiPastContextWindow },
        { "gemini", "refused", 144, N.GeminiRefusedRun },
        { "gemini", "overflow", 144, N.GeminiPastContextWindowRun },
        { "qwen", "refused", 1, N.QwenRefusedRun },
        { "qwen", "overflow", 1, N.QwenPastContextWindowRun },
        { "copilot", "refused", 1, N.CopilotRefusedRun },
        { "copilot", "overflow", 1, N.CopilotPastContextWindowRun },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Steps))]
    public async Task Each_imitation_prints_its_real_refusal_and_overflow(string agent, string step, int exit, string[] real)
    {
        var adapter = AgentRegistry.Get(agent);
        var ctx = new AgentContext(new TaskRecord { Id = 1, Name = "handoff", Agent = agent, ProjectDir = "/src/app", TmuxSession = "s" },
            "/nonexistent/tasks/handoff", Encoding.UTF8.GetBytes("do it"));
        var state = Directory.CreateTempSubdirectory("fake-handoff-");
        try
        {
            var (code, lines) = await RunFake(adapter.Start(ctx).Arguments, step, state.FullName);
            code.ShouldBe(exit);
            var verdict = Classify(adapter, ctx, code, lines);
            var expected = Classify(adapter, ctx, exit, real);
            verdict.Outcome.ShouldBe(AttemptOutcome.NonRetryable);
            verdict.Handoff.ShouldNotBeNull().ShouldBe(expected.Handoff);
            verdict.Detail.ShouldBe(expected.Detail);
        }
        finally { state.Delete(true); }
    }

    private static Verdict Classify(IAgentAdapter adapter, AgentContext ctx, int code, IEnumerable<string> lines)
    {
        var parser = adapter.NewParser(ctx);
        foreach (var line in lines) parser.OnLine(line, false);
        return adapter.Classify(ExitStatus.Exited(code), parser.Facts);
    }

    private static async Task<(int Code, List<string> Lines)> RunFake(IEnumerable<string> args, string plan, string state)
    {
        var start = new ProcessStartInfo(Repo.FakeAgentBin) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["FAKE_AGENT_PLAN"] = plan;
        start.Environment["FAKE_AGENT_STATE"] = state;
        using var p = Process.Start(start).ShouldNotBeNull();
        p.StandardInput.Close();
        var lines = new List<string>();
        while (await p.StandardOutput.ReadLineAsync() is { } line) lines.Add(line);
        await p.WaitForExitAsync();
        return (p.ExitCode, lines);
    }
}
