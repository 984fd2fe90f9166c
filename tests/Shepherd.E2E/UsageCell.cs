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
        t.History().Count.ShouldBe(2, why);
    }
}

public sealed class CodexUsage() : UsageCell("codex");
public sealed class ClaudeUsage() : UsageCell("claude");
public sealed class OpenCodeUsage() : UsageCell("opencode");
public sealed class PiUsage() : UsageCell("pi");
