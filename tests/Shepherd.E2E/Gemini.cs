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
