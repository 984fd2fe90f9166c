using System.Text.Json;
using Shepherd.FakeModel;
using Shepherd.Tests.Support;

namespace Shepherd.E2E;

/// <summary>The end-to-end matrix for one real agent CLI, through Shepherd's public commands only
/// (<c>start</c>, <c>status --json</c>, <c>stop</c>, <c>recover</c>) and real tmux. Each derived class is one
/// agent and one xunit collection, so the agents run in parallel and each agent's cells one after another.
/// Cells 3 (500) and 5 (dropped connection) are classes of their own (<see cref="ServerErrorCell"/>,
/// <see cref="DroppedConnectionCell"/>): OpenCode spends 60–90 s in its own retries there, idle, and as
/// separate collections they run beside the rest instead of after it.</summary>
public abstract partial class AgentMatrix(string agent)
{
    protected string Agent { get; } = agent;

    /// <summary>OpenCode prints nothing before the first model chunk: its id is found after the attempt, in its
    /// own session list.</summary>
    private bool IdBeforeFirstChunk => Agent != "opencode";

    /// <summary>Pi writes its session file only after the first assistant message: a first turn killed
    /// mid-way has no conversation, so the prompt runs again.</summary>
    private bool FirstTurnSurvivesKill => Agent != "pi";

    private static readonly TimeSpan SlowForever = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task C1_start_succeeds_in_one_attempt()
    {
        await using var w = await AgentWorld.CreateAsync(Agent, "c1");
        await w.Start("t");
        var t = await w.WaitFinal("t");
        var why = await w.Describe("t");
        t.State().ShouldBe("succeeded", why);
        t.Attempts().ShouldBe(1, why);
        t.History()[0].Outcome().ShouldBe("succeeded", why);
        t.SessionId().ShouldNotBeNullOrEmpty(why);
        if (Agent is "qwen" or "copilot") w.OwnSessionFile(t.SessionId()!).ShouldNotBeNull(why);
        if (Agent == "qwen") w.Server.Requests.ShouldContain(r => r.IsModelCall && r.LastUserText.StartsWith(AgentWorld.QwenMemoryCall), why);
        var req = w.PromptRequests().ShouldHaveSingleItem(why);
        req.LastUserText.ShouldContain(w.Prompt(), customMessage: why);
    }

    [Fact]
    public async Task C2_kill9_mid_turn_resumes_by_session_id()
    {
        await using var w = await AgentWorld.CreateAsync(Agent, "c2");
        w.Server.WhenPromptContains(w.Marker, ReplyBehavior.Slow(SlowForever), times: 1);
        await w.Start("t");
        await w.WaitPromptRequest();
        // The session id is stored while the first turn is still running (except OpenCode: nothing on stdout yet).
        var running = await w.WaitRunning("t", withSessionId: IdBeforeFirstChunk);
        var first = running.History().ShouldHaveSingleItem();
        var sessionWhileRunning = running.SessionId();
        if (!IdBeforeFirstChunk) sessionWhileRunning.ShouldBeNull();
        await Task.Delay(500);
        Native.KillGroup(first.Pid()!.Value, 9).ShouldBeTrue("kill -9 of the agent's process group");

        var t = await w.WaitFinal("t");
        var why = await w.Describe("t");
        t.State().ShouldBe("succeeded", why);
        var h = t.History();
        h.Count.ShouldBe(2, why);
        h[0].Outcome().ShouldBe("retryable", why);
        h[0].Signal().ShouldBe(9, why);
        await ResumedByIdOrPromptRunAgain(w, h[1], sessionWhileRunning, why);
    }

    /// <summary>The second attempt resumed the first one's conversation by its id, and the model saw the original
    /// prompt in the resumed history; or, for Pi killed in its first turn (no session file yet), the prompt ran again.</summary>
    private async Task ResumedByIdOrPromptRunAgain(AgentWorld w, System.Text.Json.JsonElement second, string? sessionWhileRunning, string why)
    {
        if (!FirstTurnSurvivesKill)
        {
            second.Kind().ShouldBe("start", why);
            w.PromptRequests().Count.ShouldBe(2, why);
            return;
        }
        second.Kind().ShouldBe("resume", why);
        var sid = second.GetProperty("agentSessionId").GetString();
        sid.ShouldNotBeNullOrEmpty(why);
        if (sessionWhileRunning is not null) sid.ShouldBe(sessionWhileRunning, why);
        if (Agent == "opencode") sid!.ShouldStartWith("ses_", customMessage: why);
        var resumed = await w.WaitResumedRequest();
        resumed.EarlierUserTexts.ShouldContain(x => x.Contains(w.Marker), why);
        if (Agent == "codex") KeepsWorkspaceWrite(resumed, why);
        if (Agent is "qwen" or "copilot") PromptSentOnce(w, resumed, why);
    }

    /// <summary>codex 0.169's resumed turn says its sandbox in the request: it must still be workspace-write (with no
    /// sandbox_mode in the user's config, a resume without -s says read-only and the agent can no longer write).</summary>
    internal static void KeepsWorkspaceWrite(RecordedRequest resumed, string why)
    {
        resumed.Body.ShouldNotContain("`sandbox_mode` is `read-only`", customMessage: why);
        System.Text.RegularExpressions.Regex.IsMatch(resumed.Body, @"sandbox_mode\\*"":\\*""workspace-write").ShouldBeTrue(why);
    }

    [Fact]
    public Task C4_rate_limit_429_is_retryable_and_resumed() => Fault(Agent, "c4", ReplyBehavior.RateLimited(TimeSpan.FromSeconds(1)));

    /// <summary>Every request whose turn prompt carries the marker fails (so also OpenCode's own internal
    /// retries of it); the resumed turn's prompt is the continue prompt, which the server answers.</summary>
    internal static async Task Fault(string agent, string cell, ReplyBehavior fault)
    {
        // OpenCode: ~76 s of its own retries, 111 s seen under load. Qwen: 7 tries over ~70 s for a 500; a dropped
        // connection about three times that (it replays the stream), 4.3 min seen.
        var faultTimeout = TimeSpan.FromSeconds(agent switch
        {
            "opencode" => 240,
            "qwen" => fault.Fault == FaultKind.DropConnection ? 480 : 240,
            _ => 90,
        });
        await using var w = await AgentWorld.CreateAsync(agent, cell);
        // Gemini (one request per turn, general.maxAttempts 1) runs a failed first turn's prompt again: only the first fails.
        w.Server.WhenPromptContains(w.Marker, fault, times: agent == "gemini" ? 1 : null);
        await w.Start("t");
        var t = await w.WaitFinal("t", faultTimeout);
        var why = await w.Describe("t");
        t.State().ShouldBe("succeeded", why);
        var h = t.History();
        h.Count.ShouldBe(2, why);
        h[0].Outcome().ShouldBe("retryable", why);
        h[1].Outcome().ShouldBe("succeeded", why);
        if (agent == "gemini")
        {
            // Gemini rewrites its chat without a turn that failed: a first turn leaves nothing to resume, the prompt runs
            // again (Gemini.C3g shows a later turn resumed).
            h[1].Kind().ShouldBe("start", why);
            w.PromptRequests().Count.ShouldBe(2, why);
            return;
        }
        h[1].Kind().ShouldBe("resume", why);
        var resumed = await w.WaitResumedRequest();
        resumed.EarlierUserTexts.ShouldContain(x => x.Contains(w.Marker), why);
        if (agent == "codex") KeepsWorkspaceWrite(resumed, why);
        if (agent is "qwen" or "copilot") PromptSentOnce(w, resumed, why);
    }

    [Fact]
    public async Task C6_tmux_kill_server_then_recover_resumes_by_session_id()
    {
        await using var w = await AgentWorld.CreateAsync(Agent, "c6");
        w.Server.WhenPromptContains(w.Marker, ReplyBehavior.Slow(SlowForever), times: 1);
        await w.Start("t");
        await w.WaitPromptRequest();
        var running = await w.WaitRunning("t", withSessionId: IdBeforeFirstChunk);
        await Task.Delay(500);
        var kill = await w.S.Tmux("kill-server");
        kill.ExitCode.ShouldBe(0, kill.ToString());
        // The runner goes with its pane; recover acts only once its lock is free.
        await WaitUntil(() => Runners.Of(w.S).Count == 0, TimeSpan.FromSeconds(30), "the runner to exit");
        var rec = await w.S.Shepherd("recover");
        rec.ExitCode.ShouldBe(0, rec.ToString());

        var t = await w.WaitFinal("t");
        var why = await w.Describe("t") + "\nrecover: " + rec;
        t.State().ShouldBe("succeeded", why);
        var h = t.History();
        h.Count.ShouldBe(2, why);
        h[0].Outcome().ShouldBeOneOf(["retryable", "lost"], why);
        await ResumedByIdOrPromptRunAgain(w, h[1], running.SessionId(), why);
    }

    [Fact]
    public async Task C7_stop_mid_turn_stays_stopped_also_after_recover()
    {
        await using var w = await AgentWorld.CreateAsync(Agent, "c7");
        w.Server.WhenPromptContains(w.Marker, ReplyBehavior.Slow(SlowForever));
        await w.Start("t");
        await w.WaitPromptRequest();
        var running = await w.WaitRunning("t", withSessionId: false);
        var pid = running.History().Single().Pid()!.Value;
        var stop = await w.S.Shepherd("stop", "t");
        stop.ExitCode.ShouldBe(0, stop.ToString());
        var t = await w.S.Status("t");
        var why = await w.Describe("t");
        t.State().ShouldBe("stopped", why);
        t.Attempts().ShouldBe(1, why);
        Native.GroupExists(pid).ShouldBeFalse("the agent's process group is gone after stop");
        var requests = w.PromptRequests().Count;

        await Task.Delay(TimeSpan.FromSeconds(3));
        t = await w.S.Status("t");
        t.State().ShouldBe("stopped");
        t.Attempts().ShouldBe(1);
        var rec = await w.S.Shepherd("recover");
        rec.ExitCode.ShouldBe(0, rec.ToString());
        await Task.Delay(TimeSpan.FromSeconds(2));
        t = await w.S.Status("t");
        why = await w.Describe("t");
        t.State().ShouldBe("stopped", why);
        t.Attempts().ShouldBe(1, why);
        t.History()[0].Outcome().ShouldBe("stopped", why);
        w.PromptRequests().Count.ShouldBe(requests, why);
        w.Server.Requests.Count(r => r.IsModelCall && r.LastUserText.Contains("Continue")).ShouldBe(0, why);
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}

/// <summary>Cell 3: model API 500 → retryable → resumed → succeeded.</summary>
public abstract class ServerErrorCell(string agent)
{
    [Fact]
    public Task C3_api_500_is_retryable_and_resumed() => AgentMatrix.Fault(agent, "c3", ReplyBehavior.ServerError());
}

/// <summary>Cell 5: dropped connection → retryable → resumed → succeeded.</summary>
public abstract class DroppedConnectionCell(string agent)
{
    [Fact]
    public Task C5_dropped_connection_is_retryable_and_resumed() => AgentMatrix.Fault(agent, "c5", ReplyBehavior.Drop());
}

public sealed class Codex() : AgentMatrix("codex");
public sealed class Claude() : AgentMatrix("claude");
public sealed class OpenCode() : AgentMatrix("opencode");
public sealed class Codex500() : ServerErrorCell("codex");
public sealed class Claude500() : ServerErrorCell("claude");
public sealed class OpenCode500() : ServerErrorCell("opencode");
public sealed class Pi500() : ServerErrorCell("pi");
public sealed class Gemini500() : ServerErrorCell("gemini");
public sealed class CodexDrop() : DroppedConnectionCell("codex");
public sealed class ClaudeDrop() : DroppedConnectionCell("claude");
public sealed class OpenCodeDrop() : DroppedConnectionCell("opencode");
public sealed class PiDrop() : DroppedConnectionCell("pi");
public sealed class GeminiDrop() : DroppedConnectionCell("gemini");
public sealed class Pi() : AgentMatrix("pi")
{
    /// <summary>Cells 2 and 6 show Pi's first turn lost (no session file yet). This is the case where Pi's
    /// conversation exists: the first turn fails with a 500 (Pi writes the file even then), the resumed turn
    /// is killed with kill -9, and the next attempt resumes the same session file with the whole history.</summary>
    [Fact]
    public async Task C2b_kill9_in_a_later_turn_resumes_by_session_file()
    {
        await using var w = await AgentWorld.CreateAsync(Agent, "c2b");
        w.Server.WhenPromptContains(w.Marker, ReplyBehavior.ServerError());
        w.Server.When(AgentWorld.IsContinue, ReplyBehavior.Slow(TimeSpan.FromMinutes(10)), times: 1);
        await w.Start("t");
        await w.Server.WaitForRequestAsync(AgentWorld.IsContinue, TimeSpan.FromSeconds(90));
        var running = await w.S.WaitFor("t", t => t.IsRunning() && t.Attempts() == 2, TimeSpan.FromSeconds(60), "the resumed attempt");
        await Task.Delay(500);
        Native.KillGroup(running.History()[1].Pid()!.Value, 9).ShouldBeTrue();

        var t = await w.WaitFinal("t");
        var why = await w.Describe("t");
        t.State().ShouldBe("succeeded", why);
        var h = t.History();
        h.Count.ShouldBe(3, why);
        h[0].Outcome().ShouldBe("retryable", why);
        h[1].Kind().ShouldBe("resume", why);
        h[1].Signal().ShouldBe(9, why);
        h[2].Kind().ShouldBe("resume", why);
        h[2].GetProperty("agentSessionId").GetString().ShouldBe(t.SessionId(), why);
        var last = w.Server.Requests.Where(AgentWorld.IsContinue).Last();
        last.EarlierUserTexts.ShouldContain(x => x.Contains(w.Marker), why);
        last.EarlierUserTexts.Count(x => x.TrimEnd('\n') == AgentWorld.ContinuePrompt).ShouldBe(1, why); // the killed turn's prompt kept
    }
}
