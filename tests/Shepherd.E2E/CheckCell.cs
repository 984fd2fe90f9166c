using Shepherd.FakeModel;
using Shepherd.Tests.Support;

namespace Shepherd.E2E;

/// <summary><c>start --check</c> with a real agent: Codex reports success, the user's check fails once, and the task
/// resumes the same conversation with the check's output as the turn's prompt; the check then passes.</summary>
public sealed class CodexCheckCell
{
    [Fact]
    public async Task A_failing_check_resumes_codex_by_its_id_with_the_output_then_the_passing_check_succeeds()
    {
        await using var w = await AgentWorld.CreateAsync("codex", "check");
        var marker = Path.Combine(w.S.Dir, "checked-once");
        var check = $"if [ -e '{marker}' ]; then exit 0; fi; touch '{marker}'; echo 'FAIL parser_test ZQCHECKOUTPUT' >&2; exit 1";
        await w.Start("t", null, "--check", check);
        var t = await w.WaitFinal("t");
        var why = await w.Describe("t");
        t.State().ShouldBe("succeeded", why);
        var h = t.History();
        h.Count.ShouldBe(2, why);
        h[0].Outcome().ShouldBe("retryable", why);
        h[1].Kind().ShouldBe("resume", why);
        h[1].GetProperty("agentSessionId").GetString().ShouldBe(t.SessionId(), why);
        var resumed = w.Server.Requests.Last(r => r.IsModelCall && r.LastUserText.Contains("ZQCHECKOUTPUT"));
        resumed.LastUserText.ShouldStartWith(AgentWorld.ContinuePrompt, customMessage: why);
        resumed.EarlierUserTexts.ShouldContain(x => x.Contains(w.Marker), why);
        AgentMatrix.KeepsWorkspaceWrite(resumed, why);
        t.GetProperty("checks").GetArrayLength().ShouldBe(2, why);
    }
}
