using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Conversation;

/// <summary>When the conversation itself cannot go on — the model API refuses it, it is past the context window, the
/// agent cannot find it even after a restore — the task goes on in a fresh conversation with a handoff prompt, under
/// the new id, instead of failing.</summary>
public sealed class HandoffSpecs
{
    [Theory(Timeout = 90_000)]
    [InlineData("codex", "refused", "a tool call without its result")]
    [InlineData("claude", "overflow", "past the model's context window")]
    [InlineData("opencode", "overflow", "past the model's context window")]
    [InlineData("pi", "refused", "a tool call without its result")]
    [InlineData("gemini", "overflow", "past the model's context window")]
    [InlineData("qwen", "refused", "a tool call without its result")]
    [InlineData("copilot", "overflow", "past the model's context window")]
    public async Task A_conversation_the_api_will_not_continue_goes_on_in_a_fresh_one(string agent, string step, string why)
    {
        await using var s = new Sandbox();
        await s.Start("stuck", $"{step},ok", agent);
        var t = await s.WaitFinal("stuck");
        t.State().ShouldBe("succeeded", t.ToString());
        var h = t.History();
        h.Count.ShouldBe(2);
        h[0].Outcome().ShouldBe("handed-off");
        h[1].Kind().ShouldBe("handoff");
        var prompt = File.ReadAllText(Path.Combine(s.FakeState("stuck"), "prompt-2"));
        prompt.ShouldContain(why);
        prompt.ShouldContain("## The task\ntask stuck");
    }

    [Fact(Timeout = 90_000)]
    public async Task A_session_gone_with_no_snapshot_to_restore_goes_on_in_a_fresh_conversation()
    {
        await using var s = new Sandbox();
        await s.Start("gone", "sleep:30,ok", "codex", "--backoff", "15s"); // time to delete the files before the resume, under load
        var running = await s.WaitAtWork("gone");
        var id = running.SessionId()!;
        Native.KillGroup(running.History()[0].Pid()!.Value).ShouldBeTrue();
        await s.WaitFor("gone", t => t.State() == "backoff", what: "the backoff");
        foreach (var f in Directory.EnumerateFiles(Path.Combine(s.Dir, "codex"), $"*{id}*", SearchOption.AllDirectories)) File.Delete(f);
        Directory.Delete(Path.Combine(s.Home, "tasks", "gone", "snapshots"), recursive: true);
        var t = await s.WaitFinal("gone");
        t.State().ShouldBe("succeeded", t.ToString());
        var h = t.History();
        h.Select(a => a.Kind()).ShouldBe(["start", "resume", "handoff"]);
        h[1].Outcome().ShouldBe("handed-off");
        t.SessionId().ShouldNotBe(id);
    }
}
