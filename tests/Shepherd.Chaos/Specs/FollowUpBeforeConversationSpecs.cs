using System.Text;
using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;
using Shouldly;

namespace Shepherd.Chaos.Specs;

/// <summary>Found by the long profile (seed 100: "the follow-up 'follow-up c4 g1 #11' (resume returned 0) never reached
/// the agent", twice, both Pi tasks): a follow-up queued while the first turn ran was dropped when that turn died before
/// the agent had a conversation (Pi writes its session file only once a turn completes; any agent killed before printing
/// its id). Fixed: a start that runs the original prompt again keeps the follow-up (TaskStore.BeginAttempt), and it runs
/// after that start succeeds, as a resume of the conversation it opened — once.</summary>
public sealed class FollowUpBeforeConversationSpecs
{
    [Theory(Timeout = 180_000)]
    [InlineData("pi")]
    [InlineData("codex")]
    public async Task A_follow_up_queued_before_the_agent_had_a_conversation_still_runs(string agent)
    {
        await using var w = new World("early-follow-up");
        var plan = agent == "pi" ? "hang,ok" : "noid-sleep:30,ok"; // the first launch has no conversation while it runs
        await w.StartAsync("early", plan, agent);
        await Deadline.Until(() => new AgentJournal(w.FakeState("early")).Launches.Count == 1, TimeSpan.FromSeconds(30));
        var resume = await w.Shepherd("resume", "early", "--prompt", "the follow-up");
        resume.ExitCode.ShouldBe(0, resume.ToString());
        foreach (var a in ProcTable.Agents(v => v == w.FakeState("early"))) Native.KillGroup(a.Pgid);
        var final = await w.WaitForAsync("early", s => s.IsFinal() && new AgentJournal(w.FakeState("early")).Launches.Count >= 2, TimeSpan.FromSeconds(120));
        final.State().ShouldBe("succeeded");
        var j = new AgentJournal(w.FakeState("early"));
        var prompts = j.Launches.Select(l => (l.Resume, Text: Encoding.UTF8.GetString(j.Prompt(l.N) ?? []))).ToList();
        prompts.Count.ShouldBe(3, "the killed turn, the original prompt again, the follow-up");
        prompts[1].ShouldBe((false, "task early"));
        prompts[2].Resume.ShouldBeTrue();
        prompts[2].Text.ShouldBe("the follow-up");
    }

    [Fact(Timeout = 180_000)]
    public async Task A_follow_up_to_an_agent_that_never_showed_its_id_runs_once_with_the_original_prompt_before_it()
    {
        await using var w = new World("noid-follow-up");
        await w.StartAsync("noid", "noid-ok");
        (await w.WaitFinalAsync("noid")).State().ShouldBe("succeeded");
        var resume = await w.Shepherd("resume", "noid", "--prompt", "the follow-up");
        resume.ExitCode.ShouldBe(0, resume.ToString());
        var final = await w.WaitForAsync("noid", s => s.IsFinal() && new AgentJournal(w.FakeState("noid")).Launches.Count >= 2, TimeSpan.FromSeconds(60));
        final.State().ShouldBe("succeeded");
        var j = new AgentJournal(w.FakeState("noid"));
        j.Launches.Count.ShouldBe(2);
        j.Launches[1].Resume.ShouldBeFalse(); // nothing to resume: a new conversation
        Encoding.UTF8.GetString(j.Prompt(j.Launches[1].N) ?? []).ShouldBe("task noid\n\nthe follow-up");
    }
}
