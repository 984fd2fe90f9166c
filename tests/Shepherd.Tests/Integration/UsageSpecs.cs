using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary>What a person sees when the command line is wrong or asks for help: plain words, a short usage,
/// exit 2 for bad usage; never System.CommandLine's "Required command was not provided" or a .NET type name.</summary>
public sealed class UsageSpecs
{
    [Fact(Timeout = 30_000)]
    public async Task A_bare_shepherd_prints_a_short_usage_listing_the_commands_and_their_short_forms()
    {
        await using var s = new Sandbox();
        var r = await s.Shepherd();
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("-v, --version");
        r.Stdout.ShouldContain("list -w (--watch)");
        r.Stdout.ShouldContain("logs -n (--tail)");
        foreach (var help in new[] { "help", "--help", "-h" })
        {
            var same = await s.Shepherd(help);
            same.ExitCode.ShouldBe(0, same.ToString());
            same.Stdout.ShouldBe(r.Stdout); // one layout, however it is asked for
        }
        r.Stdout.ShouldStartWith("usage: shepherd <command> [options]");
        foreach (var command in new[] { "start <name> --agent <agent> --dir <dir>", "list", "status <name>", "wait <name>", "doctor", "completion" })
            r.Stdout.ShouldContain("  " + command);
        r.Stdout.ShouldNotContain("__run");
        (r.Stdout + r.Stderr).ShouldNotContain("Required command");
    }

    [Fact(Timeout = 30_000)]
    public async Task An_unknown_command_is_named_with_a_suggestion_and_the_list_of_commands()
    {
        await using var s = new Sandbox();
        var r = await s.Shepherd("stauts", "x");
        r.ExitCode.ShouldBe(2);
        r.Stderr.Trim().ShouldStartWith("shepherd: unknown command 'stauts' (did you mean 'status'?); commands: start, list, status,");
        r.Stderr.Trim().Split('\n').Length.ShouldBe(1);
        var far = await s.Shepherd("frobnicate");
        far.ExitCode.ShouldBe(2);
        far.Stderr.ShouldContain("unknown command 'frobnicate'; commands:");
        far.Stderr.ShouldNotContain("did you mean");
    }

    [Fact(Timeout = 30_000)]
    public async Task Help_is_a_command_too_and_shows_a_commands_options()
    {
        await using var s = new Sandbox();
        var start = await s.Shepherd("help", "start");
        start.ExitCode.ShouldBe(0, start.ToString());
        start.Stdout.ShouldContain("--max-restarts");
        start.Stdout.ShouldContain("--worktree");
        (await s.Shepherd("start", "--help")).Stdout.ShouldBe(start.Stdout);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_unknown_option_gets_the_closest_one_and_the_commands_options()
    {
        await using var s = new Sandbox();
        var r = await s.Shepherd("start", "x", "--agent", "codex", "--dir", ".", "--promt", "hi");
        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stderr.Trim().Split('\n').Length.ShouldBe(1, r.ToString());
        r.Stderr.ShouldStartWith("shepherd: unknown option '--promt' (did you mean '--prompt'?); start's options: --agent, --dir, --prompt,");
        var far = await s.Shepherd("list", "--frobnicate");
        far.Stderr.ShouldContain("unknown option '--frobnicate'; list's options: --all, --json, --watch");
        far.Stderr.ShouldNotContain("did you mean");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("--version")]
    [InlineData("-v")]
    public async Task The_version_names_the_release_and_the_git_commit_it_was_built_from(string flag)
    {
        await using var s = new Sandbox();
        var r = await s.Shepherd(flag);
        r.ExitCode.ShouldBe(0, r.ToString());
        var head = (await Processes.RunAsync(["git", "-C", Repo.Root, "rev-parse", "HEAD"], new Dictionary<string, string?>())).Stdout.Trim();
        r.Stdout.Trim().ShouldMatch(@"^shepherd \d+\.\d+\.\d+\S* \(commit [0-9a-f]{12}\)$");
        // The binary under test was built from this checkout (maybe with uncommitted changes on top of an older commit).
        var commit = System.Text.RegularExpressions.Regex.Match(r.Stdout, @"commit ([0-9a-f]{12})").Groups[1].Value;
        (await Processes.RunAsync(["git", "-C", Repo.Root, "cat-file", "-e", commit + "^{commit}"], new Dictionary<string, string?>()))
            .ExitCode.ShouldBe(0, $"{commit} is not a commit of this repository (HEAD {head})");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("missing <name>; usage: shepherd start <name> --agent <agent> --dir <dir> [options]", "start", "--", "-abc")]
    [InlineData("missing <name>; usage: shepherd status <name> [options]", "status")]
    [InlineData("--max-restarts needs a whole number, not 'abc'", "start", "x", "--agent", "codex", "--dir", ".", "--max-restarts", "abc")]
    [InlineData("--agent needs a value", "start", "x", "--agent")]
    [InlineData("unknown option '--bogus'; list's options: --all, --json, --watch; usage: shepherd list [options]", "list", "--bogus")]
    [InlineData("unexpected '--json'; usage: shepherd <command> [options] (see shepherd help)", "--json")]
    public async Task A_parse_error_is_one_plain_line_with_the_commands_usage(string expected, params string[] args)
    {
        await using var s = new Sandbox();
        var r = await s.Shepherd(args);
        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stderr.Trim().Split('\n').Length.ShouldBe(1, r.ToString());
        r.Stderr.ShouldContain(expected);
        r.Stderr.ShouldNotContain("System.");
    }
}
