using System.Text.Json;
using Shepherd.Agents;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary><c>doctor</c>: exit 1 when any check fails; a missing config file is said to be missing; agents' --version
/// runs in a throwaway directory and what it prints is shown escaped.</summary>
public sealed class DoctorSpecs
{
    [Fact(Timeout = 60_000)]
    public async Task A_missing_config_file_is_a_warning_that_says_so_and_doctor_still_exits_0()
    {
        await using var s = new Sandbox();
        var r = await s.Shepherd("doctor");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain($"warn  config       {s.Env["SHEPHERD_CONFIG"]} does not exist: defaults in use");
        r.Stdout.ShouldNotContain("FAIL");
        var json = await s.Shepherd("doctor", "--json");
        var config = Checks(json)["config"];
        config.GetProperty("level").GetString().ShouldBe("warn");
        config.GetProperty("ok").GetBoolean().ShouldBeFalse();
    }

    [Fact(Timeout = 60_000)]
    public async Task Doctor_exits_1_when_a_check_fails_and_2_when_the_config_is_wrong()
    {
        await using var s = new Sandbox();
        File.WriteAllText(s.Env["SHEPHERD_CONFIG"]!, "notify = [");
        var r = await s.Shepherd("doctor");
        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stdout.ShouldContain($"FAIL  config       {s.Env["SHEPHERD_CONFIG"]}:1:");
        File.Delete(s.Env["SHEPHERD_CONFIG"]!);
        var none = AgentRegistry.Names.ToDictionary(AgentRegistry.BinaryVariable, _ => (string?)null);
        none["SHEPHERD_CODEX_BIN"] = "/nonexistent/codex";
        none["PATH"] = "/usr/bin:/bin";
        var noAgent = await s.ShepherdWith(none, null, "doctor");
        noAgent.ExitCode.ShouldBe(1, noAgent.ToString());
        noAgent.Stdout.ShouldContain("FAIL  codex        SHEPHERD_CODEX_BIN=/nonexistent/codex is not an executable file");
        noAgent.Stdout.ShouldContain("FAIL  claude       not installed");
    }

    [Fact(Timeout = 60_000)]
    public async Task One_missing_agent_is_a_warning_when_another_is_installed()
    {
        await using var s = new Sandbox();
        var r = await s.ShepherdWith(new Dictionary<string, string?> { ["SHEPHERD_PI_BIN"] = null, ["PATH"] = "/usr/bin:/bin" }, null, "doctor");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("warn  pi           not installed (not on PATH, SHEPHERD_PI_BIN not set)");
        r.Stdout.ShouldContain("ok    codex");
    }

    [Fact(Timeout = 60_000)]
    public async Task Agent_versions_run_in_a_temporary_directory_and_print_escaped()
    {
        await using var s = new Sandbox();
        var where = Path.Combine(s.Dir, "where");
        var agent = Path.Combine(s.Dir, "codex");
        File.WriteAllText(agent, $"#!/bin/sh\npwd > '{where}'\ntouch litter\nprintf 'codex-cli 9.9 \\033]0;pwned\\007\\033[31mred\\n'\n");
        File.SetUnixFileMode(agent, (UnixFileMode)0b111_101_101);
        var cwd = Directory.CreateDirectory(Path.Combine(s.Dir, "cwd")).FullName;
        var env = new Dictionary<string, string?>(s.Env) { ["SHEPHERD_CODEX_BIN"] = agent };
        var r = await Processes.RunAsync([Repo.ShepherdBin, "doctor"], env, cwd: cwd);
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain($"{agent} (codex-cli 9.9 \\x1b]0;pwned\\x07\\x1b[31mred)");
        r.Stdout.ShouldNotContain("\u001b");
        Directory.GetFiles(cwd).ShouldBeEmpty(); // the agent's litter went elsewhere
        var ran = File.ReadAllText(where).Trim();
        ran.ShouldNotBe(cwd);
        ran.ShouldContain("shepherd-doctor-");
        Directory.Exists(ran).ShouldBeFalse(); // and that directory is gone
        var json = await Processes.RunAsync([Repo.ShepherdBin, "doctor", "--json"], env, cwd: cwd);
        Checks(json)["codex"].GetProperty("detail").GetString()!.ShouldContain("codex-cli 9.9 \u001b]0;pwned\u0007\u001b[31mred");
    }

    [Fact(Timeout = 60_000)]
    public async Task Doctor_is_as_strict_as_start_a_misspelled_key_a_notifier_that_cannot_run_a_failing_agent_and_a_home_on_tmp()
    {
        await using var s = new Sandbox();
        File.WriteAllText(s.Env["SHEPHERD_CONFIG"]!, "stal_after = \"5m\"\nnotify = [\"desktop\"]\n");
        var agent = Path.Combine(s.Dir, "broken-claude");
        File.WriteAllText(agent, "#!/bin/sh\necho 'Error: Cannot find module ./cli.js' >&2\necho 'more detail' >&2\nexit 1\n");
        File.SetUnixFileMode(agent, (UnixFileMode)0b111_101_101);
        var env = new Dictionary<string, string?> { ["PATH"] = "/nonexistent", ["SHEPHERD_CLAUDE_BIN"] = agent };
        var r = await s.ShepherdWith(env, null, "doctor");
        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stdout.ShouldContain("warn  config key   " + s.Env["SHEPHERD_CONFIG"] + ":1:1: unknown key 'stal_after' (did you mean stall_after?), ignored");
        r.Stdout.ShouldContain("FAIL  notify desktop cannot run: notify-send is not on PATH");
        r.Stdout.ShouldContain($"FAIL  claude       {agent} (--version failed (exit 1): Error: Cannot find module ./cli.js)");
        if (s.Home.StartsWith("/tmp/")) r.Stdout.ShouldContain($"warn  reboot       {s.Home} is under /tmp, which a reboot may empty");
        var start = await s.ShepherdWith(env, null, "start", "x", "--agent", "codex", "--dir", s.Project, "--prompt", "p");
        start.ExitCode.ShouldBe(2, start.ToString()); // what doctor fails, start refuses
        start.Stderr.ShouldContain("notify-send is not on PATH");
    }

    private static Dictionary<string, JsonElement> Checks(CliResult r) =>
        JsonDocument.Parse(r.Stdout).RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.Clone());
}
