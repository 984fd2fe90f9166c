using System.Text.Json;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary>The JSON contract: readable escaping (no \u0022, no \u2192), real strings (what the agent printed, not a
/// terminal-safe rendering of it), and list leaving out what only status has.</summary>
public sealed class JsonSpecs
{
    [Fact(Timeout = 60_000)]
    public async Task Status_json_carries_the_agents_output_as_real_strings_with_relaxed_escaping()
    {
        await using var s = new Sandbox();
        await s.Start("raw", "ok");
        await s.WaitFinal("raw");
        File.AppendAllText(Path.Combine(s.Home, "tasks", "raw", "output.log"), "said \"hi\" → \u001b[31mred\u001b[0m é\n");
        var r = await s.Shepherd("status", "raw", "--json");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldNotContain("\\u0022");
        r.Stdout.ShouldNotContain("\\u2192");
        r.Stdout.ShouldNotContain("\\\\x1b"); // not Printable's \x1b text
        r.Stdout.ShouldContain("said \\\"hi\\\" → \\u001B[31mred\\u001B[0m é");
        var last = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("lastOutput").EnumerateArray().Last().GetString();
        last.ShouldBe("said \"hi\" → \u001b[31mred\u001b[0m é");
    }

    /// <summary>An agent's message longer than the JSON output's 64 KiB chunk (an agent echoing a 1 MiB prompt) is written
    /// whole: the chunk writer once handed out its old buffer after growing a new one, and status failed.</summary>
    [Fact(Timeout = 60_000)]
    public async Task Status_json_holds_a_message_longer_than_its_output_chunk()
    {
        await using var s = new Sandbox();
        await s.Start("long", "ok");
        await s.WaitFinal("long");
        var said = string.Concat(Enumerable.Repeat("0123456789\"", 30_000)); // 330 KB of text, escaped to more
        File.AppendAllText(Path.Combine(s.Home, "tasks", "long", "output.log"),
            "{\"type\":\"item.completed\",\"item\":{\"id\":\"m9\",\"type\":\"agent_message\",\"text\":" + JsonSerializer.Serialize(said) + "}}\n");
        var r = await s.Shepherd("status", "long", "--json");
        r.ExitCode.ShouldBe(0, r.Stderr);
        var transcript = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("transcript").EnumerateArray().ToList();
        transcript.ShouldContain(l => l.GetProperty("text").GetString() == said);
    }

    [Fact(Timeout = 60_000)]
    public async Task List_json_leaves_out_history_last_output_and_notifications_instead_of_null()
    {
        await using var s = new Sandbox();
        await s.Start("listed", "ok");
        await s.WaitFinal("listed");
        var r = await s.Shepherd("list", "--json");
        var task = JsonDocument.Parse(r.Stdout).RootElement[0];
        var fields = task.EnumerateObject().Select(p => p.Name).ToList();
        fields.ShouldBe(["name", "agent", "state", "projectDir", "tmuxSession", "agentSessionId", "attempts", "lastExit", "reason",
            "stopRequested", "nextAttemptAt", "stalledSince", "createdAt", "updatedAt", "usage"]); // the fake agent reports its usage
        var status = await s.Status("listed");
        status.TryGetProperty("history", out _).ShouldBeTrue();
        status.TryGetProperty("lastOutput", out _).ShouldBeTrue();
        status.TryGetProperty("notifications", out _).ShouldBeTrue();
    }
}
