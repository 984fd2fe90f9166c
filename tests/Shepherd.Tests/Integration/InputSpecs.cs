using System.Text;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary>Bad input: one line, exit 2, nothing created. Hostile prompts: delivered byte for byte, never run.</summary>
public sealed class InputSpecs
{
    [Theory(Timeout = 30_000)]
    [InlineData("Bad")]
    [InlineData("-dash")]
    [InlineData("a b")]
    [InlineData("x;rm")]
    [InlineData("$(touch pwned)")]
    [InlineData("")]
    [InlineData("a234567890123456789012345678901234567890123456789")]
    public async Task A_bad_name_is_refused_with_one_line_and_exit_2(string name)
    {
        await using var s = new Sandbox();
        var r = await s.StartRaw(name, "ok", "codex");
        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stderr.Trim().Split('\n').Length.ShouldBe(1);
        r.Stderr.ShouldNotContain("   at ");
        await NothingCreated(s);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_missing_directory_an_unknown_agent_and_a_missing_binary_are_refused()
    {
        await using var s = new Sandbox();
        var missingDir = await s.Shepherd("start", "t1", "--agent", "codex", "--dir", "/nonexistent/dir", "--prompt", "x");
        missingDir.ExitCode.ShouldBe(2);
        missingDir.Stderr.ShouldContain("does not exist");
        var badAgent = await s.Shepherd("start", "t1", "--agent", "gpt", "--dir", s.Project, "--prompt", "x");
        badAgent.ExitCode.ShouldBe(2);
        badAgent.Stderr.ShouldContain("unknown agent");
        var missingBin = await s.ShepherdWith(new Dictionary<string, string?> { ["SHEPHERD_CLAUDE_BIN"] = "/nonexistent/claude" }, null,
            "start", "t1", "--agent", "claude", "--dir", s.Project, "--prompt", "x");
        missingBin.ExitCode.ShouldBe(2);
        missingBin.Stderr.ShouldContain("agent binary missing");
        var noPrompt = await s.ShepherdWith(new Dictionary<string, string?>(), "", "start", "t1", "--agent", "codex", "--dir", s.Project);
        noPrompt.ExitCode.ShouldBe(2);
        foreach (var r in new[] { missingDir, badAgent, missingBin, noPrompt })
        {
            r.Stderr.Trim().Split('\n').Length.ShouldBe(1, r.ToString());
            r.Stderr.ShouldNotContain("   at ");
        }
        await NothingCreated(s);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_corrupt_config_is_refused_with_exit_2_and_loses_nothing()
    {
        await using var s = new Sandbox();
        await s.Start("before", "ok");
        await s.WaitFinal("before");
        File.WriteAllText(s.Env["SHEPHERD_CONFIG"]!, "notify = [unterminated\n[[[");
        var r = await s.StartRaw("after", "ok", "codex");
        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stderr.ShouldContain("config");
        r.Stderr.Trim().Split('\n').Length.ShouldBe(1);
        (await s.Status("before")).State().ShouldBe("succeeded");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_hostile_prompt_reaches_the_agent_byte_for_byte_and_nothing_is_executed()
    {
        await using var s = new Sandbox();
        var marker = Path.Combine(s.Dir, "pwned");
        var prompt = $"it's \"quoted\" $(touch {marker}) `touch {marker}` ; touch {marker}\n\nline two\t$HOME \\ \u00e9\u4e2d " +
                     new string('x', 1024 * 1024);
        var r = await s.ShepherdWith(new Dictionary<string, string?> { ["FAKE_AGENT_STATE"] = s.FakeState("hostile") }, prompt,
            "start", "hostile", "--agent", "codex", "--dir", s.Project);
        r.ExitCode.ShouldBe(0, r.ToString());
        (await s.WaitFinal("hostile")).State().ShouldBe("succeeded");
        File.ReadAllBytes(Path.Combine(s.FakeState("hostile"), "prompt-1")).ShouldBe(Encoding.UTF8.GetBytes(prompt));
        File.Exists(marker).ShouldBeFalse();
        File.Exists(Path.Combine(s.Project, "pwned")).ShouldBeFalse();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_prompt_given_as_an_argument_and_a_file_arrive_intact_too()
    {
        await using var s = new Sandbox();
        var prompt = "say \"$(id)\" and `id`\nthen stop";
        var file = Path.Combine(s.Dir, "prompt.txt");
        File.WriteAllText(file, prompt);
        (await s.ShepherdWith(new Dictionary<string, string?> { ["FAKE_AGENT_STATE"] = s.FakeState("fromfile") }, null,
            "start", "fromfile", "--agent", "claude", "--dir", s.Project, "--prompt-file", file)).ExitCode.ShouldBe(0);
        (await s.ShepherdWith(new Dictionary<string, string?> { ["FAKE_AGENT_STATE"] = s.FakeState("fromarg") }, null,
            "start", "fromarg", "--agent", "opencode", "--dir", s.Project, "--prompt", prompt)).ExitCode.ShouldBe(0);
        await s.WaitFinal("fromfile");
        await s.WaitFinal("fromarg");
        File.ReadAllText(Path.Combine(s.FakeState("fromfile"), "prompt-1")).ShouldBe(prompt);
        File.ReadAllText(Path.Combine(s.FakeState("fromarg"), "prompt-1")).ShouldBe(prompt);
    }

    [Fact(Timeout = 90_000)]
    public async Task Twenty_concurrent_starts_of_one_name_create_exactly_one_task()
    {
        await using var s = new Sandbox();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => s.StartRaw("race", "sleep:2", "codex")));
        results.Count(r => r.ExitCode == 0).ShouldBe(1, string.Join("\n", results.Select(r => r.ToString())));
        results.Where(r => r.ExitCode != 0).ShouldAllBe(r => r.ExitCode == 2 && r.Stderr.Contains("already exists"));
        var list = await s.Shepherd("list", "--json");
        System.Text.Json.JsonDocument.Parse(list.Stdout).RootElement.GetArrayLength().ShouldBe(1);
        (await s.WaitFinal("race")).State().ShouldBe("succeeded");
        s.Calls("race").Count.ShouldBe(1);
    }

    private static async Task NothingCreated(Sandbox s)
    {
        var list = await s.Shepherd("list", "--json");
        list.Stdout.Trim().ShouldBe("[]");
        (await s.Tmux("list-sessions")).Stdout.Trim().ShouldBeEmpty();
        if (Directory.Exists(Path.Combine(s.Home, "tasks"))) Directory.GetDirectories(Path.Combine(s.Home, "tasks")).ShouldBeEmpty();
        File.Exists(Path.Combine(s.Project, "pwned")).ShouldBeFalse();
    }
}
