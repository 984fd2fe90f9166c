using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.OpenClaw;

/// <summary>The skill and the CLI stay in step: every <c>shepherd …</c> command that <c>skills/shepherd/SKILL.md</c>
/// teaches is run, in the order the skill shows them, against the real shepherd in a sandbox (private
/// SHEPHERD_HOME, tmux socket, HOME and XDG dirs; the fake agent). None may be refused as bad usage.</summary>
public sealed class SkillCommandSpecs(ITestOutputHelper output)
{
    private const string Task = "skill-task";

    [Fact(Timeout = 180_000)]
    public async Task Every_shepherd_command_the_skill_teaches_runs_without_a_usage_error()
    {
        await using var s = new Sandbox();
        foreach (var (k, v) in Sandbox.PrivateUser(Path.Combine(s.Dir, "user"))) s.Env[k] = v; // daemon --install writes a unit there
        s.Env["FAKE_AGENT_PLAN"] = "ok";
        s.Env["FAKE_AGENT_STATE"] = s.FakeState(Task);
        // --notify openclaw: no gateway in this sandbox, nothing to wake (OpenClawDrivesShepherdSpecs wakes a real one).
        s.Env["SHEPHERD_OPENCLAW_BIN"] = "/bin/true";
        var promptFile = Path.Combine(s.Dir, "prompt.md");
        File.WriteAllText(promptFile, "Refactor the parser.");
        var values = new Dictionary<string, string>
        {
            ["name"] = Task, ["project-dir"] = s.Project, ["file"] = promptFile, ["follow-up"] = "Also update the changelog",
        };

        var skill = File.ReadAllText(Path.Combine(Repo.Root, "skills", "shepherd", "SKILL.md"));
        var commands = SkillCommands.Find(skill, out var fragments);
        output.WriteLine($"fragments, not run: {string.Join(" | ", fragments)}");
        commands.Select(c => string.Join(' ', c.Split(' ').Take(2))).Distinct()
            .ShouldBe(["shepherd start", "shepherd status", "shepherd list", "shepherd wait", "shepherd logs", "shepherd attach", "shepherd resume",
                "shepherd stop", "shepherd rm", "shepherd recover", "shepherd daemon", "shepherd doctor"], ignoreOrder: true);

        foreach (var command in commands)
        {
            var argv = SkillCommands.Argv(command, values);
            var r = await s.Shepherd([.. argv.Skip(1)]);
            output.WriteLine($"{string.Join(' ', argv)} → exit {r.ExitCode} {r.Stderr.Trim()}");
            if (argv[1] == "attach") r.Stderr.Trim().ShouldBe("shepherd: attach needs a terminal", r.ToString()); // parsed; tests have no terminal
            else if (argv[1] == "doctor") r.ExitCode.ShouldNotBe(2, $"{command}\n{r}"); // 1 when a check fails, e.g. no real agent here
            else r.ExitCode.ShouldBe(0, $"{command}\n{r}");
            if (argv[1] == "start") (await s.WaitFinal(Task, TimeSpan.FromSeconds(60))).State().ShouldBe("succeeded");
        }
        // The fragment `shepherd start … < file`: the start command with the prompt on stdin instead of --prompt-file.
        fragments.ShouldBe(["shepherd start … < file"]);
        var options = SkillCommands.Argv(commands[0], values).Skip(3).ToList(); // after "shepherd start NAME"
        options.RemoveRange(options.IndexOf("--prompt-file"), 2);
        var stdin = await s.ShepherdWith(new Dictionary<string, string?> { ["FAKE_AGENT_STATE"] = s.FakeState("skill-stdin") }, File.ReadAllText(promptFile),
            ["start", "skill-stdin", .. options]);
        stdin.ExitCode.ShouldBe(0, stdin.ToString());
        (await s.WaitFinal("skill-stdin", TimeSpan.FromSeconds(60))).State().ShouldBe("succeeded");
        File.ReadAllText(Path.Combine(s.FakeState("skill-stdin"), "prompt-1")).ShouldBe("Refactor the parser.");

        File.Exists(Path.Combine(s.Env["XDG_CONFIG_HOME"]!, "systemd", "user", "shepherd.service")).ShouldBeTrue();
        (await s.Shepherd("status", Task)).Stderr.Trim().ShouldBe($"shepherd: no task named '{Task}'"); // rm ran last of the task's commands
    }
}
