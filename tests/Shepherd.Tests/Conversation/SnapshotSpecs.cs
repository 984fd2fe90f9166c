using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Conversation;

/// <summary>The agent's own session file is copied into the task's directory at each turn end and each attempt's end;
/// when it is gone (or cut short) before a resume, the copy is put back and the conversation resumed by the same id.</summary>
public sealed class SnapshotSpecs
{
    private static string? AgentFile(Sandbox s, string agent, string id) => agent switch
    {
        "codex" => Directory.EnumerateFiles(Path.Combine(s.Dir, "codex", "sessions"), $"rollout-*-{id}.jsonl", SearchOption.AllDirectories).FirstOrDefault(),
        "gemini" => Directory.EnumerateFiles(Path.Combine(s.Dir, "gemini"), $"session-*-{id[..8]}.jsonl", SearchOption.AllDirectories).FirstOrDefault(),
        "qwen" => Directory.EnumerateFiles(Path.Combine(s.Dir, "qwen", "projects"), $"{id}.jsonl", SearchOption.AllDirectories).FirstOrDefault(),
        "copilot" => Path.Combine(s.Dir, "copilot", "session-state", id, "events.jsonl") is var events && File.Exists(events) ? events : null,
        _ => Directory.EnumerateFiles(Path.Combine(s.Dir, "claude", "projects"), $"{id}.jsonl", SearchOption.AllDirectories).FirstOrDefault(),
    };

    [Theory(Timeout = 90_000)]
    [InlineData("codex")]
    [InlineData("claude")]
    [InlineData("gemini")]
    [InlineData("qwen")]
    [InlineData("copilot")]
    public async Task A_session_file_deleted_after_a_kill_is_restored_and_resumed_by_the_same_id(string agent)
    {
        await using var s = new Sandbox();
        await s.Start("keep", "sleep:30,ok", agent, "--backoff", "15s"); // time to delete the file before the resume, under load
        var running = await s.WaitAtWork("keep");
        var id = running.SessionId()!;
        var file = AgentFile(s, agent, id).ShouldNotBeNull("the agent keeps no session file where the real one does");
        Native.KillGroup(running.History()[0].Pid()!.Value).ShouldBeTrue();
        var waiting = await s.WaitFor("keep", t => t.State() == "backoff" && t.GetProperty("snapshots").GetArrayLength() > 0, what: "the snapshot");
        waiting.GetProperty("snapshots")[0].GetProperty("attempt").GetInt32().ShouldBe(1);
        File.Delete(file);
        var t = await s.WaitFinal("keep");
        t.State().ShouldBe("succeeded", t.ToString());
        var h = t.History();
        h.Count.ShouldBe(2);
        h[1].Kind().ShouldBe("resume");
        h[1].GetProperty("agentSessionId").GetString().ShouldBe(id);
        h[1].GetProperty("detail").GetString().ShouldStartWith("session restored from the snapshot of attempt 1");
        File.Exists(file).ShouldBeTrue();
        var mode = File.GetUnixFileMode(Directory.EnumerateDirectories(Path.Combine(s.Home, "tasks", "keep", "snapshots")).First());
        mode.ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact(Timeout = 90_000)]
    public async Task Only_the_last_three_snapshots_are_kept()
    {
        await using var s = new Sandbox();
        await s.Start("many", "exit:1,exit:1,exit:1,exit:1,ok");
        var t = await s.WaitFinal("many");
        t.State().ShouldBe("succeeded");
        var snapshots = t.GetProperty("snapshots").EnumerateArray().Select(x => x.GetProperty("attempt").GetInt32()).ToList();
        snapshots.Count.ShouldBe(3);
        snapshots[^1].ShouldBe(5);
    }
}
