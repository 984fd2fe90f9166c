using Shepherd.FakeModel;
using Shepherd.Platform;
using Shepherd.Tests.Support;

namespace Shepherd.E2E;

public abstract partial class AgentMatrix
{
    /// <summary>The interrupted prompt reached the model once in the resumed turn: the agent kept it (agents.md says Qwen
    /// drops a prompt killed before any reply; 0.24.4 does not) and Shepherd did not send it again.</summary>
    internal static void PromptSentOnce(AgentWorld w, RecordedRequest resumed, string why) =>
        resumed.EarlierUserTexts.Count(x => x.Contains(w.Marker, StringComparison.Ordinal)).ShouldBe(1, why);

    /// <summary>Qwen and Copilot run a wrapper and a child in the attempt's group. kill -9 of the wrapper alone (as the
    /// OOM killer would) ends the attempt; Shepherd ends the rest of the group with it, and resumes by the same id.</summary>
    internal static async Task KillingTheWrapperEndsItsChildren(string agent)
    {
        await using var w = await AgentWorld.CreateAsync(agent, "c2w");
        w.Server.WhenPromptContains(w.Marker, ReplyBehavior.Slow(TimeSpan.FromMinutes(10)), times: 1);
        await w.Start("t");
        await w.WaitPromptRequest();
        var running = await w.WaitRunning("t", withSessionId: true);
        var wrapper = running.History().Single().Pid()!.Value;
        var children = ProcStat.All().Where(p => p.ProcessGroup == wrapper && p.Pid != wrapper && !p.IsDead).Select(p => p.Pid).ToList();
        children.ShouldNotBeEmpty("the agent's child processes in its group");
        Native.Kill(wrapper, 9).ShouldBeTrue();

        var t = await w.WaitFinal("t");
        var why = await w.Describe("t");
        children.Where(p => ProcStat.Read(p) is { IsDead: false }).ShouldBeEmpty(why);
        Native.GroupExists(wrapper).ShouldBeFalse(why);
        t.State().ShouldBe("succeeded", why);
        var h = t.History();
        h.Count.ShouldBe(2, why);
        h[0].Signal().ShouldBe(9, why);
        h[1].Kind().ShouldBe("resume", why);
        h[1].GetProperty("agentSessionId").GetString().ShouldBe(running.SessionId(), why);
        PromptSentOnce(w, await w.WaitResumedRequest(), why);
    }
}

public sealed class Qwen() : AgentMatrix("qwen")
{
    [Fact]
    public Task C2w_kill9_of_the_wrapper_alone_ends_its_children_and_resumes() => KillingTheWrapperEndsItsChildren(Agent);
}

public sealed class Copilot() : AgentMatrix("copilot")
{
    [Fact]
    public Task C2w_kill9_of_the_wrapper_alone_ends_its_children_and_resumes() => KillingTheWrapperEndsItsChildren(Agent);
}
public sealed class Qwen500() : ServerErrorCell("qwen");
public sealed class Copilot500() : ServerErrorCell("copilot");
public sealed class QwenDrop() : DroppedConnectionCell("qwen");
public sealed class CopilotDrop() : DroppedConnectionCell("copilot");
