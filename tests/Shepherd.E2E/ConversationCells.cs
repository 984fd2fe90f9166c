using System.Text.Json;
using Shepherd.FakeModel;
using Shepherd.Tests.Support;

namespace Shepherd.E2E;

/// <summary>Issue 19 with the real CLIs: (a) the agent's session file deleted after a kill -9 is restored from the snapshot
/// and the conversation resumed by the same id; (b) a conversation the model API refuses (HTTP 400 with the real body)
/// and (c) one past the context window go on in a fresh conversation whose first request carries the original prompt.
/// Pi writes its session file only after the first answer, so its conversation is made to exist first by a failed turn
/// (a 500: Pi writes the file even then), as in <see cref="Pi.C2b_kill9_in_a_later_turn_resumes_by_session_file"/>.</summary>
public abstract class ConversationCells(string agent)
{
    private static readonly TimeSpan SlowForever = TimeSpan.FromMinutes(10);

    /// <summary>A line of every handoff prompt (HandoffPrompt).</summary>
    private const string HandoffLine = "This continues an interrupted task.";

    private string? AgentFile(AgentWorld w, string id)
    {
        var u = Path.Combine(w.S.Dir, "user");
        return agent switch
        {
            "codex" => Directory.EnumerateFiles(Path.Combine(u, "codex", "sessions"), $"rollout-*{id}.jsonl", SearchOption.AllDirectories).FirstOrDefault(),
            "claude" => Directory.EnumerateFiles(Path.Combine(u, "claude", "projects"), $"{id}.jsonl", SearchOption.AllDirectories).FirstOrDefault(),
            "pi" => File.Exists(id) ? id : null,
            // Gemini names its chat session-<time>-<the id's first 8>.jsonl in the project's chats folder
            "gemini" => Directory.EnumerateFiles(u, $"session-*-{id[..8]}.jsonl", SearchOption.AllDirectories).FirstOrDefault(f => f.Contains("/chats/")),
            "qwen" => Directory.EnumerateFiles(u, $"{id}.jsonl", SearchOption.AllDirectories).FirstOrDefault(f => f.Contains("/chats/")),
            "copilot" => Directory.EnumerateFiles(u, "events.jsonl", SearchOption.AllDirectories).FirstOrDefault(f => f.Contains($"/session-state/{id}/")),
            _ => null,
        };
    }

    /// <summary>Gets the task to a running turn of its conversation with a session file on disk, and kills it with kill -9.
    /// Returns the session id and the number of attempts so far.</summary>
    private async Task<(string Id, int Attempts)> KillMidTurn(AgentWorld w, params string[] more)
    {
        if (agent == "pi")
        {
            w.Server.WhenPromptContains(w.Marker, ReplyBehavior.ServerError(), times: 1);
            w.Server.When(AgentWorld.IsContinue, ReplyBehavior.Slow(SlowForever), times: 1);
            await w.Start("t", null, more);
            if (more.Contains("--backoff"))
            {
                // A long backoff (cell a) is ended by a resume once the failed first turn has written the file.
                await w.S.WaitFor("t", t => t.State() == "backoff", TimeSpan.FromSeconds(90), "the failed first turn");
                (await w.S.Shepherd("resume", "t")).ExitCode.ShouldBe(0);
            }
            await w.Server.WaitForRequestAsync(AgentWorld.IsContinue, TimeSpan.FromSeconds(90));
            var running = await w.S.WaitFor("t", t => t.IsRunning() && t.Attempts() == 2, TimeSpan.FromSeconds(60), "the resumed attempt");
            await Task.Delay(500);
            Native.KillGroup(running.History()[1].Pid()!.Value, 9).ShouldBeTrue();
            return (running.SessionId()!, 2);
        }
        w.Server.WhenPromptContains(w.Marker, ReplyBehavior.Slow(SlowForever), times: 1);
        await w.Start("t", null, more);
        await w.WaitPromptRequest();
        var first = await w.WaitRunning("t", withSessionId: agent != "opencode");
        await Task.Delay(500);
        Native.KillGroup(first.History()[0].Pid()!.Value, 9).ShouldBeTrue();
        var id = agent == "opencode"
            ? (await w.S.WaitFor("t", t => t.SessionId() is not null, TimeSpan.FromSeconds(90), "the session id from opencode's list")).SessionId()!
            : first.SessionId()!;
        return (id, 1);
    }

    [Fact]
    public async Task A_session_file_deleted_after_kill9_is_restored_and_resumed_by_the_same_id()
    {
        if (agent == "opencode") return; // OpenCode keeps its sessions in its database: no file to delete or snapshot
        await using var w = await AgentWorld.CreateAsync(agent, "ca");
        // A long backoff holds the task still while the file is deleted; `resume` then ends the wait at once.
        var (id, killedAt) = await KillMidTurn(w, "--backoff", "5m", "--backoff-max", "5m");
        var waiting = await w.S.WaitFor("t", t => t.State() == "backoff" && t.Attempts() == killedAt &&
                                                  t.GetProperty("snapshots").EnumerateArray().Any(s => s.GetProperty("attempt").GetInt32() == killedAt),
            TimeSpan.FromSeconds(30), "the snapshot of the killed attempt");
        var file = AgentFile(w, id).ShouldNotBeNull("the real agent keeps its session file where Shepherd looks");
        File.Delete(file);
        var resume = await w.S.Shepherd("resume", "t");
        resume.ExitCode.ShouldBe(0, resume.ToString());

        var t = await w.WaitFinal("t");
        var why = await w.Describe("t") + "\nbefore: " + waiting;
        t.State().ShouldBe("succeeded", why);
        var h = t.History();
        h.Count.ShouldBe(killedAt + 1, why);
        h[killedAt - 1].Signal().ShouldBe(9, why);
        h[killedAt].Kind().ShouldBe("resume", why);
        h[killedAt].GetProperty("agentSessionId").GetString().ShouldBe(id, why);
        h[killedAt].GetProperty("detail").GetString()!.ShouldStartWith($"session restored from the snapshot of attempt {killedAt}", customMessage: why);
        t.SessionId().ShouldBe(id, why);
        File.Exists(file).ShouldBeTrue(why);
        var last = w.Server.Requests.Where(AgentWorld.IsContinue).Last();
        last.EarlierUserTexts.ShouldContain(x => x.Contains(w.Marker, StringComparison.Ordinal), why);
    }

    [Fact]
    public async Task B_a_conversation_the_api_refuses_goes_on_in_a_fresh_one_with_the_original_prompt()
    {
        await using var w = await AgentWorld.CreateAsync(agent, "cb");
        w.Server.RefuseContinued(w.Marker, RealErrorBodies.Refused);
        var (id, killedAt) = await KillMidTurn(w);

        var t = await w.WaitFinal("t", TimeSpan.FromSeconds(180));
        var why = await w.Describe("t");
        t.State().ShouldBe("succeeded", why);
        var h = t.History();
        h.Select(a => a.Kind()).ShouldBe([.. Enumerable.Repeat("start", 1), .. Enumerable.Repeat("resume", killedAt), "handoff"], why);
        h[killedAt].Outcome().ShouldBe("handed-off", why);
        h[^1].Outcome().ShouldBe("succeeded", why);
        t.SessionId().ShouldNotBeNull(why);
        t.SessionId().ShouldNotBe(id, why);
        FreshConversationRequest(w).ShouldNotBeNull(why);
    }

    [Fact]
    public async Task C_past_the_context_window_goes_on_in_a_fresh_conversation()
    {
        await using var w = await AgentWorld.CreateAsync(agent, "cc");
        // Every request of the first conversation (its turn and any compaction the CLI tries) is past the window.
        w.Server.When(r => r.IsModelCall && r.AnyUserTextContains(w.Marker) && !r.AnyUserTextContains(HandoffLine), RealErrorBodies.Overflow);
        await w.Start("t");

        var t = await w.WaitFinal("t", TimeSpan.FromSeconds(180));
        var why = await w.Describe("t");
        t.State().ShouldBe("succeeded", why);
        var h = t.History();
        h.Select(a => a.Kind()).ShouldBe(["start", "handoff"], why);
        h[0].Outcome().ShouldBe("handed-off", why);
        FreshConversationRequest(w).ShouldNotBeNull(why);
        if (h[0].GetProperty("agentSessionId").GetString() is { } first) t.SessionId().ShouldNotBe(first, why);
    }

    /// <summary>The first request of the handoff's fresh conversation: the handoff prompt, carrying the task's prompt, and
    /// nothing of the earlier conversation before it.</summary>
    private static RecordedRequest? FreshConversationRequest(AgentWorld w) => w.Server.Requests.FirstOrDefault(r =>
        r.IsModelCall && r.LastUserText.Contains(HandoffLine, StringComparison.Ordinal) && r.LastUserText.Contains(w.Prompt(), StringComparison.Ordinal)
        && !r.EarlierUserTexts.Any(x => x.Contains(w.Marker, StringComparison.Ordinal)));
}

public sealed class CodexConversation() : ConversationCells("codex");
public sealed class ClaudeConversation() : ConversationCells("claude");
public sealed class OpenCodeConversation() : ConversationCells("opencode");
public sealed class PiConversation() : ConversationCells("pi");
public sealed class GeminiConversation() : ConversationCells("gemini");
public sealed class QwenConversation() : ConversationCells("qwen");
public sealed class CopilotConversation() : ConversationCells("copilot");
