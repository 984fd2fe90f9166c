using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.OpenClaw;

/// <summary>The shipped OpenClaw skill (<c>skills/shepherd/SKILL.md</c>) against the real OpenClaw: found through
/// <c>skills.load.extraDirs</c> = the repository's <c>skills/</c>, eligible exactly when <c>shepherd</c> and
/// <c>tmux</c> are on PATH, and offered to the model in an agent turn's system prompt.</summary>
/// <remarks>OpenClaw appends its own guesses to PATH at startup (<c>/usr/local/bin</c>, <c>/opt/homebrew/bin</c>,
/// linuxbrew, <c>~/.local/bin</c>…), skipped when <c>OPENCLAW_PATH_BOOTSTRAPPED=1</c>. An installed shepherd in
/// <c>/usr/local/bin</c> would make both checks say nothing about our PATH, so every call here sets that variable and
/// a PATH of only Node's directory and one directory of symlinks.</remarks>
public sealed partial class ShepherdSkillSpecs(ITestOutputHelper output)
{
    private static string SkillsDir => Path.Combine(Repo.Root, "skills");

    [Fact(Timeout = 120_000)]
    public async Task The_skill_is_eligible_with_shepherd_and_tmux_on_PATH_and_misses_shepherd_without_it()
    {
        var clock = Stopwatch.StartNew();
        await using var w = await OpenClawWorld.CreateAsync([SkillsDir]);

        var withShepherd = await w.OpenClawTracked(Bins(w, "with", shepherd: true), TimeSpan.FromSeconds(60), "skills", "check", "--json");
        output.WriteLine($"skills check (shepherd on PATH) after {clock.Elapsed.TotalSeconds:F1} s");
        withShepherd.ExitCode.ShouldBe(0, withShepherd.ToString());
        var ok = JsonDocument.Parse(withShepherd.Stdout).RootElement;
        Names(ok, "eligible").ShouldContain("shepherd", withShepherd.ToString());
        Names(ok, "modelVisible").ShouldContain("shepherd", withShepherd.ToString());
        Missing(ok, "shepherd").ShouldBeNull(withShepherd.Stdout);

        var without = await w.OpenClawTracked(Bins(w, "without", shepherd: false), TimeSpan.FromSeconds(60), "skills", "check", "--json");
        output.WriteLine($"skills check (no shepherd) after {clock.Elapsed.TotalSeconds:F1} s");
        without.ExitCode.ShouldBe(0, without.ToString());
        var miss = JsonDocument.Parse(without.Stdout).RootElement;
        Names(miss, "eligible").ShouldNotContain("shepherd");
        var missing = Missing(miss, "shepherd").ShouldNotBeNull(without.Stdout);
        missing.GetProperty("missing").GetProperty("bins").EnumerateArray().Select(b => b.GetString()).ToList()
            .ShouldBe(["shepherd"], missing.ToString()); // tmux is there; only shepherd is missing
        w.Strays.ShouldBeEmpty();
        output.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact(Timeout = 120_000)]
    public async Task An_agent_turn_offers_the_skill_to_the_model_in_its_system_prompt()
    {
        var clock = Stopwatch.StartNew();
        await using var w = await OpenClawWorld.CreateAsync([SkillsDir]);

        var turn = await w.OpenClawTracked(Bins(w, "turn", shepherd: true), TimeSpan.FromSeconds(90),
            "agent", "--local", "--agent", "main", "--message", "Refactor the auth module; it will take an hour.", "--json");
        output.WriteLine($"agent turn: exit {turn.ExitCode} after {clock.Elapsed.TotalSeconds:F1} s, {w.Server.Requests.Count} model requests, strays killed: {w.Strays.Count}");
        var requests = w.Server.Requests.Where(r => r.IsModelCall).ToList();
        requests.ShouldNotBeEmpty($"{turn}\n{w.Diagnostics()}");
        var system = SystemText(requests[0]);
        var skill = SkillBlock().Matches(system).Select(m => m.Value).FirstOrDefault(b => b.Contains("<name>shepherd</name>"));
        skill.ShouldNotBeNull($"no <name>shepherd</name> in the system prompt:\n{system}");
        output.WriteLine(skill);
        skill.ShouldContain("<description>Run long coding tasks with Codex, Claude Code, OpenCode or Pi");
        skill.ShouldContain("skills/shepherd/SKILL.md</location>");
        turn.ExitCode.ShouldBe(0, turn.ToString());
        output.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>The environment for one call: PATH = Node's directory + a directory of symlinks to tmux (and the shepherd
    /// under test), and no PATH bootstrap by OpenClaw.</summary>
    private static Dictionary<string, string?> Bins(OpenClawWorld w, string name, bool shepherd)
    {
        var dir = Directory.CreateDirectory(Path.Combine(w.Root, "bins", name)).FullName;
        File.CreateSymbolicLink(Path.Combine(dir, "tmux"), Tmux());
        if (shepherd) File.CreateSymbolicLink(Path.Combine(dir, "shepherd"), Repo.ShepherdBin);
        return new() { ["PATH"] = $"{OpenClawWorld.NodeBinDir}:{dir}", ["OPENCLAW_PATH_BOOTSTRAPPED"] = "1" };
    }

    private static string Tmux() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "tmux")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("tmux is not on PATH");

    private static List<string?> Names(JsonElement check, string list) =>
        check.GetProperty(list).EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetProperty("name").GetString()).ToList();

    private static JsonElement? Missing(JsonElement check, string name) =>
        check.GetProperty("missingRequirements").EnumerateArray().Where(e => e.GetProperty("name").GetString() == name)
            .Select(e => (JsonElement?)e).FirstOrDefault();

    /// <summary>The system (or developer) messages of a chat-completions request, joined.</summary>
    private static string SystemText(Shepherd.FakeModel.RecordedRequest request)
    {
        var parts = new List<string>();
        foreach (var m in JsonDocument.Parse(request.Body).RootElement.GetProperty("messages").EnumerateArray())
        {
            if (m.GetProperty("role").GetString() is not ("system" or "developer")) continue;
            var content = m.GetProperty("content");
            if (content.ValueKind == JsonValueKind.String) parts.Add(content.GetString()!);
            else foreach (var p in content.EnumerateArray())
                if (p.TryGetProperty("text", out var t)) parts.Add(t.GetString()!);
        }
        return string.Join("\n", parts);
    }

    [GeneratedRegex(@"<skill>.*?</skill>", RegexOptions.Singleline)]
    private static partial Regex SkillBlock();
}
