using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary><c>start</c> says exactly what is wrong (one line, exit 2) and creates nothing: notifiers whose program
/// is missing, a file given as a directory and the reverse, a missing agent binary, contradicting options.</summary>
public sealed class StartValidationSpecs
{
    [Theory(Timeout = 30_000)]
    [InlineData("cmd:/nonexistent", "notifier 'cmd:/nonexistent' cannot run: /nonexistent is not an executable file")]
    [InlineData("cmd:nosuchprog", "notifier 'cmd:nosuchprog' cannot run: nosuchprog is not on PATH")]
    [InlineData("openclaw", "notifier 'openclaw' cannot run: openclaw is not on PATH")]
    [InlineData("desktop", "notifier 'desktop' cannot run: notify-send is not on PATH")]
    public async Task A_notifier_whose_program_is_missing_is_refused_at_start(string spec, string expected)
    {
        await using var s = new Sandbox();
        s.Env["PATH"] = EmptyBin(s) + ":/usr/bin:/bin"; // no openclaw, no notify-send, no nosuchprog
        var r = await s.StartRaw("t1", "ok", "codex", "--notify", spec);
        OneLineUsageError(r, expected);
        await NothingCreated(s);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_notifier_from_the_config_file_that_cannot_run_names_the_file()
    {
        await using var s = new Sandbox();
        File.WriteAllText(s.Env["SHEPHERD_CONFIG"]!, "notify = [\"cmd:nosuchprog\"]\n");
        var r = await s.StartRaw("t1", "ok", "codex");
        OneLineUsageError(r, $"notifier 'cmd:nosuchprog' (from {s.Env["SHEPHERD_CONFIG"]}) cannot run: nosuchprog is not on PATH");
        await NothingCreated(s);
    }

    [Fact(Timeout = 30_000)]
    public async Task Notifier_programs_found_on_the_tasks_path_are_accepted()
    {
        await using var s = new Sandbox();
        var bin = EmptyBin(s);
        foreach (var program in new[] { "openclaw", "notify-send", "mynotifier" })
        {
            File.WriteAllText(Path.Combine(bin, program), "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(Path.Combine(bin, program), (UnixFileMode)0b111_101_101);
        }
        s.Env["PATH"] = bin + ":/usr/bin:/bin";
        var r = await s.StartRaw("t1", "ok", "codex", "--notify", "openclaw", "--notify", "desktop", "--notify", "cmd:mynotifier");
        r.ExitCode.ShouldBe(0, r.ToString());
        (await s.WaitFinal("t1")).State().ShouldBe("succeeded");
    }

    [Fact(Timeout = 30_000)]
    public async Task A_relative_cmd_notifier_is_stored_as_an_absolute_path_so_the_runner_finds_it_too()
    {
        await using var s = new Sandbox();
        var told = Path.Combine(s.Dir, "told");
        File.WriteAllText(Path.Combine(s.Dir, "notify.sh"), $"#!/bin/sh\ntouch '{told}'\n");
        File.SetUnixFileMode(Path.Combine(s.Dir, "notify.sh"), (UnixFileMode)0b111_101_101);
        var env = new Dictionary<string, string?>(s.Env) { ["FAKE_AGENT_STATE"] = s.FakeState("rel") };
        var r = await Processes.RunAsync([Repo.ShepherdBin, "start", "rel", "--agent", "codex", "--dir", s.Project, "--prompt", "x",
            "--notify", "cmd:./notify.sh"], env, cwd: s.Dir);
        r.ExitCode.ShouldBe(0, r.ToString());
        var t = await s.WaitFor("rel", t => t.GetProperty("notifications").EnumerateArray().Any(n => n.GetProperty("status").GetString() == "delivered"),
            what: "the notification delivered");
        t.GetProperty("notifications")[0].GetProperty("notifier").GetString().ShouldBe("cmd:" + Path.Combine(s.Dir, "notify.sh"));
        File.Exists(told).ShouldBeTrue();
    }

    // notify = ["cmd:./notify.sh"] in config.toml was looked for in the caller's directory: refused at every start made
    // elsewhere, and run from the project directory by the runner.
    [Fact(Timeout = 30_000)]
    public async Task A_relative_cmd_notifier_in_the_config_file_is_the_file_next_to_the_config()
    {
        await using var s = new Sandbox();
        var told = Path.Combine(s.Dir, "told");
        var configDir = Directory.CreateDirectory(Path.Combine(s.Dir, "xdg", "shepherd")).FullName;
        File.WriteAllText(Path.Combine(configDir, "notify.sh"), $"#!/bin/sh\ntouch '{told}'\n");
        File.SetUnixFileMode(Path.Combine(configDir, "notify.sh"), (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(configDir, "config.toml"), "notify = [\"cmd:./notify.sh\"]\n");
        var env = new Dictionary<string, string?>(s.Env) { ["FAKE_AGENT_STATE"] = s.FakeState("conf"), ["SHEPHERD_CONFIG"] = null,
            ["XDG_CONFIG_HOME"] = Path.Combine(s.Dir, "xdg") };
        var r = await Processes.RunAsync([Repo.ShepherdBin, "start", "conf", "--agent", "codex", "--dir", s.Project, "--prompt", "x"], env, cwd: s.Project);
        r.ExitCode.ShouldBe(0, r.ToString());
        var t = await s.WaitFor("conf", t => t.GetProperty("notifications").EnumerateArray().Any(n => n.GetProperty("status").GetString() == "delivered"),
            what: "the notification delivered");
        t.GetProperty("notifications")[0].GetProperty("notifier").GetString().ShouldBe("cmd:" + Path.Combine(configDir, "notify.sh"));
        File.Exists(told).ShouldBeTrue();
    }

    [Fact(Timeout = 30_000)]
    public async Task A_file_given_as_the_directory_and_a_directory_given_as_the_prompt_file_are_named_as_such()
    {
        await using var s = new Sandbox();
        var file = Path.Combine(s.Dir, "notes.txt");
        File.WriteAllText(file, "x");
        var dirIsFile = await s.Shepherd("start", "t1", "--agent", "codex", "--dir", file, "--prompt", "x");
        OneLineUsageError(dirIsFile, $"--dir must be a directory; {file} is a file");
        var promptIsDir = await s.Shepherd("start", "t1", "--agent", "codex", "--dir", s.Project, "--prompt-file", s.Dir);
        OneLineUsageError(promptIsDir, $"--prompt-file must be a file; {s.Dir} is a directory");
        await NothingCreated(s);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_agent_variable_pointing_nowhere_is_named_with_its_value()
    {
        await using var s = new Sandbox();
        var r = await s.ShepherdWith(new Dictionary<string, string?> { ["SHEPHERD_CODEX_BIN"] = "/nonexistent/codex" }, null,
            "start", "t1", "--agent", "codex", "--dir", s.Project, "--prompt", "x");
        OneLineUsageError(r, "agent binary missing: SHEPHERD_CODEX_BIN=/nonexistent/codex is not an executable file");
        var unset = await s.ShepherdWith(new Dictionary<string, string?> { ["SHEPHERD_PI_BIN"] = null, ["PATH"] = EmptyBin(s) }, null,
            "start", "t1", "--agent", "pi", "--dir", s.Project, "--prompt", "x");
        OneLineUsageError(unset, "agent binary missing: 'pi' is not on PATH (or set SHEPHERD_PI_BIN to its path)");
        await NothingCreated(s);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("--backoff 10m is longer than --backoff-max 1s", "--backoff", "10m", "--backoff-max", "1s")]
    [InlineData("--backoff 10m is longer than --backoff-max 5m (the default)", "--backoff", "10m")]
    [InlineData("--restart-window must be more than 0", "--backoff", "1s", "--restart-window", "0")]
    [InlineData("--max-runtime must be more than 0", "--backoff", "1s", "--max-runtime", "0s")]
    [InlineData("--max-restarts must be 0 or more", "--backoff", "1s", "--max-restarts", "-1")]
    [InlineData("invalid --max-runtime '30m1h': write e.g. 90s, 20m, 5h, 2d or 1h30m", "--backoff", "1s", "--max-runtime", "30m1h")]
    public async Task Options_that_contradict_each_other_or_make_no_sense_are_refused(string expected, params string[] options)
    {
        await using var s = new Sandbox();
        var r = await s.StartRaw("t1", "ok", "codex", options);
        OneLineUsageError(r, expected);
        await NothingCreated(s);
    }

    [Fact(Timeout = 30_000)]
    public async Task Compound_durations_and_days_are_accepted()
    {
        await using var s = new Sandbox();
        var r = await s.StartRaw("t1", "ok", "codex", "--max-runtime", "1d12h", "--backoff", "1m30s", "--backoff-max", "1h30m", "--restart-window", "2h");
        r.ExitCode.ShouldBe(0, r.ToString());
        (await s.WaitFinal("t1")).State().ShouldBe("succeeded");
    }

    private static void OneLineUsageError(CliResult r, string expected)
    {
        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stderr.Trim().Split('\n').Length.ShouldBe(1, r.ToString());
        r.Stderr.Trim().ShouldStartWith("shepherd: " + expected, Case.Sensitive, r.ToString());
    }

    private static string EmptyBin(Sandbox s) => Directory.CreateDirectory(Path.Combine(s.Dir, "bin")).FullName;

    private static async Task NothingCreated(Sandbox s)
    {
        (await s.Shepherd("list", "--json")).Stdout.Trim().ShouldBe("[]");
        (await s.Tmux("list-sessions")).Stdout.Trim().ShouldBeEmpty();
    }
}
