using System.Text;
using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;
using Shouldly;

namespace Shepherd.Chaos.Specs.KnownBugs;

/// <summary>Found by the long profile (seed 100: "the follow-up 'follow-up c4 g1 #11' (resume returned 0) never reached
/// the agent", twice, both Pi tasks): a follow-up queued while the first turn runs is dropped when that turn dies before
/// the agent had a conversation (Pi writes its session file only once a turn completes; any agent killed before printing
/// its id). The next attempt runs the original prompt again, as it must, then the task ends succeeded — and the
/// follow-up `resume --prompt` accepted with exit 0 never runs (src/Shepherd.Core/Runner/AttemptRunner.cs, the prompt of
/// a launch with no session id).</summary>
[Trait("Category", "KnownBug")]
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
        await w.WaitForAsync("early", s => s.IsFinal() && new AgentJournal(w.FakeState("early")).Launches.Count >= 2, TimeSpan.FromSeconds(120));
        var j = new AgentJournal(w.FakeState("early"));
        j.Launches.Select(l => Encoding.UTF8.GetString(j.Prompt(l.N) ?? [])).ShouldContain(p => p.Contains("the follow-up"));
    }
}
