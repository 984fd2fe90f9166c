using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary>The completion scripts, run by the real shells: bash (COMP_WORDS/COMPREPLY), zsh (the function with
/// compadd printing what it is given) and fish (complete -C); task names come from the store.</summary>
public sealed class CompletionSpecs
{
    [Theory(Timeout = 60_000)]
    [InlineData("st", "start status stop")]
    [InlineData("status ", "alpha beta")]
    [InlineData("rm b", "beta")]
    [InlineData("status alpha ", "")]
    [InlineData("start x --ag", "--agent")]
    [InlineData("start x --agent o", "opencode")]
    [InlineData("start x --agent c", "codex claude copilot")]
    [InlineData("start x --agent q", "qwen")]
    [InlineData("list --", "--all --json --watch --help")]
    [InlineData("logs alpha --p", "--plain")]
    [InlineData("completion ", "bash zsh fish")]
    [InlineData("start x --agent codex --dir . -- --", "")]
    public async Task Bash_completes_commands_options_and_task_names(string line, string expected)
    {
        await using var s = await WithTasks();
        var words = line.Split(' ');
        var quoted = string.Join(' ', words.Select(w => $"'{w}'"));
        var script = $$"""
            source <("$SHEPHERD" completion bash)
            COMP_WORDS=("$SHEPHERD" {{quoted}})
            COMP_CWORD={{words.Length}}
            _shepherd
            echo "${COMPREPLY[*]}"
            """;
        var r = await Processes.RunAsync(["bash", "-c", script], Env(s));
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.Trim().ShouldBe(expected, r.ToString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Zsh_completes_commands_options_and_task_names()
    {
        Assert.SkipUnless(OnPath("zsh"), "zsh is not installed");
        await using var s = await WithTasks();
        string Run(string words, int current) => $$"""
            compdef() { }; compadd() { shift; print -r -- "$*" }; _describe() { local -a a; a=("${(@P)4}"); a=("${(@)a%%:*}"); print -r -- "$a" }; _files() { print files }
            source <("$SHEPHERD" completion zsh)
            words=({{words}}); CURRENT={{current}}; _shepherd
            """;
        foreach (var (words, current, expected) in new[]
                 {
                     ("\"$SHEPHERD\" st", 2, "start list status logs attach wait resume stop rm recover daemon doctor demo mcp web completion export import run k8s help"),
                     ("\"$SHEPHERD\" status ''", 3, "alpha beta"),
                     ("\"$SHEPHERD\" start x --agent ''", 5, "codex claude opencode pi gemini qwen copilot"),
                     ("\"$SHEPHERD\" rm --", 3, "--finished --older-than --delete-branch --force --help"),
                 })
        {
            var r = await Processes.RunAsync(["zsh", "-f", "-c", Run(words, current)], Env(s));
            r.ExitCode.ShouldBe(0, r.ToString());
            r.Stdout.Trim().ShouldBe(expected, r.ToString());
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Fish_completes_commands_options_and_task_names()
    {
        Assert.SkipUnless(OnPath("fish"), "fish is not installed");
        await using var s = await WithTasks();
        var bin = Directory.CreateDirectory(Path.Combine(s.Dir, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "shepherd"), Repo.ShepherdBin);
        var env = Env(s);
        env["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        env["XDG_CONFIG_HOME"] = Directory.CreateDirectory(Path.Combine(s.Dir, "fish-config")).FullName;
        env["XDG_DATA_HOME"] = Directory.CreateDirectory(Path.Combine(s.Dir, "fish-data")).FullName;
        var script = """
            shepherd completion fish | source
            echo (complete -C "shepherd status " | string join ' ')
            echo (complete -C "shepherd start x --agent " | string join ' ')
            echo (complete -C "shepherd logs alpha --pl" | string join ' ')
            """;
        var r = await Processes.RunAsync(["fish", "--no-config", "-c", script], env);
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.Trim().Split('\n').ShouldBe(["alpha beta", "claude codex copilot gemini opencode pi qwen", "--plain"], r.ToString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Task_names_for_completion_are_silent_and_create_nothing_without_a_store()
    {
        await using var s = new Sandbox();
        var r = await s.Shepherd("__complete-names");
        r.ExitCode.ShouldBe(0);
        r.Stdout.ShouldBeEmpty();
        r.Stderr.ShouldBeEmpty();
        Directory.Exists(s.Home).ShouldBeFalse();
        var bad = await s.Shepherd("completion", "powershell");
        bad.ExitCode.ShouldBe(2);
        bad.Stderr.ShouldContain("use bash, zsh or fish");
    }

    private static async Task<Sandbox> WithTasks()
    {
        var s = new Sandbox();
        await s.Start("alpha", "ok");
        await s.Start("beta", "ok");
        return s;
    }

    private static Dictionary<string, string?> Env(Sandbox s) => new(s.Env) { ["SHEPHERD"] = Repo.ShepherdBin };

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, program)));
}
