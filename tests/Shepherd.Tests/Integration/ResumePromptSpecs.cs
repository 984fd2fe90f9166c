using System.Text;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary><c>resume --prompt-file FILE</c> (<c>-</c>: stdin): a follow-up of any size reaches the resumed agent byte for
/// byte, and bad input gets exactly the line <c>start --prompt-file</c> gives, with exit 2 and the task untouched.</summary>
public sealed class ResumePromptSpecs
{
    [Fact(Timeout = 90_000)]
    public async Task A_follow_up_from_a_file_or_from_stdin_reaches_the_resumed_agent_byte_for_byte_even_beyond_an_argv_word()
    {
        await using var s = new Sandbox();
        await s.Start("follow", "ok,ok,ok");
        (await s.WaitFinal("follow")).State().ShouldBe("succeeded");
        // Larger than the 128 KiB the kernel allows one argv word: only a file or stdin can carry it.
        var fromFile = "it's \"quoted\" $(id) `id`\n\u00e9\u4e2d\t" + new string('f', 200 * 1024);
        var file = Path.Combine(s.Dir, "follow-up.txt");
        await File.WriteAllTextAsync(file, fromFile);

        var r = await s.Shepherd("resume", "follow", "--prompt-file", file, "--json");
        r.ExitCode.ShouldBe(0, r.ToString());
        (await s.WaitFor("follow", t => t.Attempts() == 2 && t.State() == "succeeded", TimeSpan.FromSeconds(60), "the file's follow-up to end"))
            .History()[1].Kind().ShouldBe("resume");
        File.ReadAllBytes(Path.Combine(s.FakeState("follow"), "prompt-2")).ShouldBe(Encoding.UTF8.GetBytes(fromFile));

        var fromStdin = "then the changelog\n" + new string('s', 150 * 1024);
        r = await s.ShepherdWith(new Dictionary<string, string?>(), fromStdin, "resume", "follow", "--prompt-file", "-");
        r.ExitCode.ShouldBe(0, r.ToString());
        await s.WaitFor("follow", t => t.Attempts() == 3 && t.State() == "succeeded", TimeSpan.FromSeconds(60), "the stdin follow-up to end");
        File.ReadAllBytes(Path.Combine(s.FakeState("follow"), "prompt-3")).ShouldBe(Encoding.UTF8.GetBytes(fromStdin));
    }

    [Fact(Timeout = 90_000)]
    public async Task A_bad_prompt_for_resume_gets_the_one_line_start_gives_and_leaves_the_task_as_it_was()
    {
        await using var s = new Sandbox();
        await s.Start("kept", "ok");
        (await s.WaitFinal("kept")).State().ShouldBe("succeeded");
        var blank = Path.Combine(s.Dir, "blank.txt");
        await File.WriteAllTextAsync(blank, " \n\t\r\n");
        var huge = Path.Combine(s.Dir, "huge.txt");
        await File.WriteAllBytesAsync(huge, Enumerable.Repeat((byte)'h', 16 * 1024 * 1024 + 1).ToArray());
        var missing = Path.Combine(s.Dir, "no-such-prompt.txt");
        (string[] Prompt, string? Stdin, string Message)[] cases =
        [
            (["--prompt", "p", "--prompt-file", blank], null, "shepherd: give the prompt once: --prompt or --prompt-file, not both"),
            (["--prompt-file", missing], null, $"shepherd: prompt file does not exist: {missing}"),
            (["--prompt-file", blank], null, "shepherd: the prompt is empty"),
            (["--prompt-file", "-"], "", "shepherd: the prompt is empty"),
            (["--prompt-file", huge], null, "shepherd: the prompt is larger than 16 MiB"),
        ];
        var env = new Dictionary<string, string?>();
        foreach (var (prompt, stdin, message) in cases)
        {
            var resume = await s.ShepherdWith(env, stdin, ["resume", "kept", .. prompt]);
            var start = await s.ShepherdWith(env, stdin, ["start", "other", "--agent", "codex", "--dir", s.Project, .. prompt]);
            foreach (var r in new[] { resume, start })
            {
                r.ExitCode.ShouldBe(2, r.ToString());
                r.Stderr.ShouldBe(message + "\n", r.ToString());
            }
        }
        var kept = await s.Status("kept");
        kept.State().ShouldBe("succeeded");
        kept.Attempts().ShouldBe(1);
        s.Calls("kept").Count.ShouldBe(1);
        (await s.Shepherd("status", "other")).ExitCode.ShouldBe(2); // start created nothing either
    }
}
