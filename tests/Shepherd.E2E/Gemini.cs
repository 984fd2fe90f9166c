using Shepherd.FakeModel;
using Shepherd.Platform;
using Shepherd.Tests.Support;

namespace Shepherd.E2E;

/// <summary>Gemini CLI runs every cell of the matrix. It runs as two processes: the <c>gemini</c> wrapper relaunches itself
/// as a child <c>node</c> (more heap) and waits for it, ignoring SIGINT, SIGTERM and SIGHUP itself; killed alone with
/// SIGKILL, it leaves the child running. These cells show that Shepherd's stop and a kill of the wrapper end both.</summary>
public sealed class Gemini() : AgentMatrix("gemini")
{
    [Fact]
    public async Task C2g_kill9_of_the_wrapper_alone_ends_its_child_too_and_resumes_by_session_id()
    {
        await using var w = await AgentWorld.CreateAsync(Agent, "c2g");
        w.Server.WhenPromptContains(w.Marker, ReplyBehavior.Slow(TimeSpan.FromMinutes(10)), times: 1);
        await w.Start("t");
        await w.WaitPromptRequest();
        var running = await w.WaitRunning("t", withSessionId: true);
        var wrapper = running.History().Single().Pid()!.Value;
        var child = ChildOf(wrapper);
        Native.Kill(wrapper, 9).ShouldBeTrue("kill -9 of the wrapper alone");

        var t = await w.WaitFinal("t");
        var why = await w.Describe("t");
        Alive(child).ShouldBeFalse($"gemini's child {child} outlived its wrapper\n{why}");
        t.State().ShouldBe("succeeded", why);
        var h = t.History();
        h.Count.ShouldBe(2, why);
        h[0].Signal().ShouldBe(9, why);
        h[1].Kind().ShouldBe("resume", why);
        h[1].GetProperty("agentSessionId").GetString().ShouldBe(running.SessionId(), why);
        (await w.WaitResumedRequest()).EarlierUserTexts.ShouldContain(x => x.Contains(w.Marker), why);
    }

    /// <summary>Gemini drops a turn that failed with an API error from its chat, so the outage must hit a later turn for
    /// a conversation to resume: a follow-up whose turn gets a 500 is resumed by the same id, with the follow-up sent again.</summary>
    [Fact]
    public async Task C3g_api_500_in_a_later_turn_is_resumed_by_session_id_with_the_follow_up_sent_again()
    {
        await using var w = await AgentWorld.CreateAsync(Agent, "c3g");
        var followUp = $"Follow-up {w.Marker}FOLLOW: add a test";
        w.Server.WhenPromptContains(w.Marker + "FOLLOW", ReplyBehavior.ServerError(), times: 1);
        await w.Start("t");
        var first = await w.WaitFinal("t");
        first.State().ShouldBe("succeeded", await w.Describe("t"));
        var resume = await w.S.Shepherd("resume", "t", "--prompt", followUp);
        resume.ExitCode.ShouldBe(0, resume.ToString());

        var t = await w.S.WaitFor("t", x => x.Attempts() == 3 && x.State() is "succeeded" or "failed", TimeSpan.FromSeconds(120), "the follow-up's end");
        var why = await w.Describe("t");
        t.State().ShouldBe("succeeded", why);
        var h = t.History();
        h[1].Outcome().ShouldBe("retryable", why);
        h[1].ExitCode().ShouldBe(244, why); // HTTP 500 mod 256
        h[2].Kind().ShouldBe("resume", why);
        h[2].GetProperty("agentSessionId").GetString().ShouldBe(first.SessionId(), why);
        var again = w.Server.Requests.Where(r => r.IsModelCall && r.LastUserText == followUp).ToList();
        again.Count.ShouldBe(2, why);
        again[1].EarlierUserTexts.ShouldContain(x => x.Contains(w.Prompt()), why);
    }

    [Fact]
    public async Task C7g_stop_ends_the_wrapper_and_the_child_it_relaunched()
    {
        await using var w = await AgentWorld.CreateAsync(Agent, "c7g");
        w.Server.WhenPromptContains(w.Marker, ReplyBehavior.Slow(TimeSpan.FromMinutes(10)));
        await w.Start("t");
        await w.WaitPromptRequest();
        var running = await w.WaitRunning("t", withSessionId: true);
        var wrapper = running.History().Single().Pid()!.Value;
        var child = ChildOf(wrapper);

        var stop = await w.S.Shepherd("stop", "t");
        stop.ExitCode.ShouldBe(0, stop.ToString());
        var why = await w.Describe("t");
        (await w.S.Status("t")).State().ShouldBe("stopped", why);
        Alive(wrapper).ShouldBeFalse(why);
        Alive(child).ShouldBeFalse(why);
    }

    /// <summary>The node process the wrapper relaunched: in the wrapper's process group, its parent the wrapper.</summary>
    private static int ChildOf(int wrapper)
    {
        var members = ProcStat.All().Where(p => p.ProcessGroup == wrapper && !p.IsDead && p.Pid != wrapper).Select(p => p.Pid).ToList();
        return members.ShouldHaveSingleItem($"gemini's group {wrapper} holds the wrapper and one child");
    }

    private static bool Alive(int pid) => ProcStat.Read(pid) is { IsDead: false };
}
