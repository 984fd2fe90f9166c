using System.Text.Json;
using Shepherd.FakeModel;
using Shepherd.Tests.Support;

namespace Shepherd.E2E;

/// <summary>The usage a real agent CLI reports reaches <c>status --json</c>: a check fails once, so the task runs two
/// attempts in one conversation; each attempt's figures and the task's sum are the tokens the fake model server reported
/// for the calls of that attempt (input: the request's size / 4; output: the reply's words).</summary>
public abstract class UsageCell(string agent)
{
    [Fact]
    public async Task Usage_per_attempt_and_per_task_is_what_the_model_server_reported()
    {
        await using var w = await AgentWorld.CreateAsync(agent, "usage");
        var marker = Path.Combine(w.S.Dir, "checked-once");
        var check = $"if [ -e '{marker}' ]; then exit 0; fi; touch '{marker}'; echo 'FAIL ZQCHECKOUTPUT' >&2; exit 1";
        await w.Start("t", null, "--check", check);
        var t = await w.WaitFinal("t");
        var why = await w.Describe("t");
        t.State().ShouldBe("succeeded", why);
        var h = t.History();
        h.Count.ShouldBe(2, why);
        // Every call the server answered is billed and the CLIs count them all: Gemini CLI's side calls (routing, next-speaker
        // checks) and Qwen's memory call after each turn too. The second attempt's calls begin with the one carrying the
        // check's output.
        var calls = w.Server.Requests.Where(r => r.IsModelCall || r.Kind == ApiKind.GeminiSide).OrderBy(r => r.Sequence).ToList();
        var boundary = calls.FindIndex(r => r.LastUserText.Contains("ZQCHECKOUTPUT", StringComparison.Ordinal));
        boundary.ShouldBeGreaterThan(0, why);
        var first = calls[..boundary];
        var second = calls[boundary..];
        first.ShouldContain(r => r.LastUserText.Contains(w.Marker, StringComparison.Ordinal), why);
        if (agent == "copilot") // Copilot CLI prints no token counts (its result has premium requests and durations only): none guessed
        {
            h.Count(a => a.TryGetProperty("usage", out var _)).ShouldBe(0, why);
            t.TryGetProperty("usage", out _).ShouldBeFalse(why);
            return;
        }
        // The fake server reports input = the request's size / 4 and output = the reply's words ("OK": 1) for each call.
        long Input(IEnumerable<RecordedRequest> rs) => rs.Sum(r => (long)Math.Max(1, r.Body.Length / 4));
        void Reported(JsonElement e, long input, long output)
        {
            var u = e.GetProperty("usage");
            u.GetProperty("inputTokens").GetInt64().ShouldBe(input, why);
            u.GetProperty("outputTokens").GetInt64().ShouldBe(output, why);
            u.GetProperty("cachedInputTokens").GetInt64().ShouldBe(0, why);
            u.TryGetProperty("costUsd", out _).ShouldBe(agent is "claude" or "opencode" or "pi", why); // the others report no cost
        }
        Reported(h[0], Input(first), first.Count);
        Reported(h[1], Input(second), second.Count);
        Reported(t, Input(calls), calls.Count);
    }
}

public sealed class CodexUsage() : UsageCell("codex");
public sealed class ClaudeUsage() : UsageCell("claude");
public sealed class OpenCodeUsage() : UsageCell("opencode");
public sealed class PiUsage() : UsageCell("pi");
public sealed class GeminiUsage() : UsageCell("gemini");
public sealed class QwenUsage() : UsageCell("qwen");
public sealed class CopilotUsage() : UsageCell("copilot");
