using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Conversation;

/// <summary>A resume is checked against what the agent did with it: a prompt the agent never answered is sent again
/// (some agents drop it), and an agent that opened a new conversation instead of continuing is not left to carry on
/// blank: the task goes on in a fresh conversation that gets the context (a handoff).</summary>
public sealed class VerifiedResumeSpecs
{
    [Theory(Timeout = 90_000)]
    [InlineData("codex")]
    [InlineData("claude")]
    [InlineData("gemini")]
    [InlineData("qwen")]
    [InlineData("copilot")]
    public async Task An_agent_that_keeps_an_unanswered_prompt_is_told_to_continue(string agent)
    {
        await using var s = new Sandbox();
        await s.Start("unanswered", "hang,ok", agent);
        var running = await s.WaitAtWork("unanswered");
        Native.KillGroup(running.History()[0].Pid()!.Value).ShouldBeTrue();
        var t = await s.WaitFinal("unanswered");
        t.State().ShouldBe("succeeded");
        t.History()[0].GetProperty("answered").GetBoolean().ShouldBeFalse();
        t.History()[1].Kind().ShouldBe("resume");
        File.ReadAllText(Path.Combine(s.FakeState("unanswered"), "prompt-2")).ShouldBe("Continue the previous task.");
    }

    [Fact(Timeout = 90_000)]
    public async Task A_prompt_the_agent_answered_is_not_sent_again()
    {
        await using var s = new Sandbox();
        await s.Start("answered", "sleep:30,ok");
        var running = await s.WaitAtWork("answered");
        await Sandbox.Until(() => s.Shepherd("logs", "answered", "--plain").Result.Stdout.Contains("working 1"), TimeSpan.FromSeconds(20), "an answer");
        await s.WaitFor("answered", t => t.History()[0].GetProperty("answered").GetBoolean(), what: "the answer stored");
        Native.KillGroup(running.History()[0].Pid()!.Value).ShouldBeTrue();
        (await s.WaitFinal("answered")).State().ShouldBe("succeeded");
        File.ReadAllText(Path.Combine(s.FakeState("answered"), "prompt-2")).ShouldBe("Continue the previous task.");
    }

    [Fact(Timeout = 90_000)]
    public async Task A_resume_that_opened_a_new_conversation_hands_off_to_a_fresh_one_with_the_context()
    {
        await using var s = new Sandbox();
        await s.Start("blank", "sleep:30,diverge,ok");
        var running = await s.WaitAtWork("blank");
        var first = running.SessionId()!;
        Native.KillGroup(running.History()[0].Pid()!.Value).ShouldBeTrue();
        var t = await s.WaitFinal("blank");
        t.State().ShouldBe("succeeded", t.ToString());
        var h = t.History();
        h.Count.ShouldBe(3);
        h[1].Outcome().ShouldBe("handed-off");
        h[1].GetProperty("detail").GetString().ShouldStartWith("diverged: the agent opened conversation");
        h[2].Kind().ShouldBe("handoff");
        h[2].Argv().ShouldNotContain("resume");
        t.SessionId().ShouldNotBe(first);
        t.GetProperty("handoffs").GetInt32().ShouldBe(1);
        var prompt = File.ReadAllText(Path.Combine(s.FakeState("blank"), "prompt-3"));
        prompt.ShouldStartWith("This continues an interrupted task.");
        prompt.ShouldContain("the agent did not continue its conversation");
        prompt.ShouldContain("## The task\ntask blank");
        prompt.ShouldContain("working 0"); // the agent's last messages
        File.ReadAllText(Path.Combine(s.Home, "tasks", "blank", "handoff-1.md")).ShouldBe(prompt);
        (await s.Shepherd("status", "blank")).Stdout.ShouldContain("handoffs  1 of 2");
        (await s.Shepherd("list")).Stdout.ShouldContain("1 handoff");
    }

    [Theory(Timeout = 90_000)]
    [InlineData("gemini")]
    [InlineData("qwen")]
    [InlineData("copilot")] // it names the conversation only in its last event
    public async Task A_diverged_resume_is_caught_for_the_agents_that_choose_no_id_of_their_own_either(string agent)
    {
        await using var s = new Sandbox();
        await s.Start("blank", "sleep:30,diverge,ok", agent);
        var running = await s.WaitAtWork("blank");
        Native.KillGroup(running.History()[0].Pid()!.Value).ShouldBeTrue();
        var t = await s.WaitFinal("blank");
        t.State().ShouldBe("succeeded", t.ToString());
        var h = t.History();
        h.Count.ShouldBe(3);
        h[1].GetProperty("detail").GetString().ShouldStartWith("diverged: the agent opened conversation");
        h[2].Kind().ShouldBe("handoff");
    }

    [Fact(Timeout = 90_000)]
    public async Task Without_handoffs_left_the_task_fails_and_says_why()
    {
        await using var s = new Sandbox();
        await s.Start("none", "sleep:30,diverge,ok", "codex", "--max-handoffs", "0");
        var running = await s.WaitAtWork("none");
        Native.KillGroup(running.History()[0].Pid()!.Value).ShouldBeTrue();
        var t = await s.WaitFinal("none");
        t.State().ShouldBe("failed");
        t.Reason().ShouldNotBeNull().ShouldStartWith("diverged: the agent opened conversation");
        t.Attempts().ShouldBe(2);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_handoff_in_a_git_project_says_what_changed_since_the_task_began()
    {
        await using var s = new Sandbox();
        foreach (var args in new[] { new[] { "init", "-q" }, ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "base"] })
            (await Processes.RunAsync(["git", "-C", s.Project, .. args], s.Env)).ExitCode.ShouldBe(0);
        await s.Start("tree", "sleep:30,diverge,ok");
        var running = await s.WaitAtWork("tree");
        File.WriteAllText(Path.Combine(s.Project, "made-by-the-agent.txt"), "work");
        Native.KillGroup(running.History()[0].Pid()!.Value).ShouldBeTrue();
        (await s.WaitFinal("tree")).State().ShouldBe("succeeded");
        var prompt = File.ReadAllText(Path.Combine(s.Home, "tasks", "tree", "handoff-1.md"));
        prompt.ShouldContain("git status --short:");
        prompt.ShouldContain("?? made-by-the-agent.txt");
        prompt.ShouldContain("(the commit the task began from)");
    }
}
