using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary>An agent defined in config.toml gets every guarantee a built-in one has: here the project's fake agent under
/// another name, killed mid-turn, is resumed by the id it printed (or the one Shepherd gave it). A bad definition fails
/// start with one line and exit 2, and creates nothing.</summary>
public sealed class CustomAgentRunSpecs
{
    /// <summary>The fake agent as a CLI Shepherd has never heard of: a link named <paramref name="name"/>.</summary>
    private static string Renamed(Sandbox s, string name)
    {
        var link = Path.Combine(s.Dir, "bin", name);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, Repo.FakeAgentBin);
        return link;
    }

    [Fact(Timeout = 90_000)]
    public async Task A_custom_agent_killed_mid_turn_is_resumed_by_the_id_it_printed()
    {
        await using var s = new Sandbox();
        File.WriteAllText(s.Env["SHEPHERD_CONFIG"]!, $$"""
            [agents.mycodex]
            command = "{{Renamed(s, "some-agent")}}"
            start  = ["exec", "--json", "--skip-git-repo-check", "{args}", "-"]
            resume = ["exec", "--json", "--skip-git-repo-check", "{args}", "resume", "{session_id}", "-"]
            session_id = "json:thread_id"
            """);
        await s.Start("mine", "sleep:30,ok", "mycodex");
        var running = await s.WaitAtWork("mine");
        var id = running.SessionId()!;
        Native.KillGroup(running.History()[0].Pid()!.Value).ShouldBeTrue();
        var t = await s.WaitFinal("mine");
        t.State().ShouldBe("succeeded", t.ToString());
        var h = t.History();
        h.Count.ShouldBe(2);
        h[0].Signal().ShouldBe(9);
        h[1].Kind().ShouldBe("resume");
        h[1].Argv().ShouldContain(id);
        s.Calls("mine")[1].GetProperty("session").GetString().ShouldBe(id);
        t.GetProperty("tmuxSession").GetString().ShouldBe("mycodex-mine");
    }

    [Fact(Timeout = 90_000)]
    public async Task A_custom_agent_whose_id_shepherd_assigns_is_resumed_by_it_and_keeps_its_definition()
    {
        await using var s = new Sandbox();
        File.WriteAllText(s.Env["SHEPHERD_CONFIG"]!, $$"""
            [agents.myclaude]
            command = "{{Renamed(s, "other-agent")}}"
            start  = ["-p", "--session-id", "{session_id}", "--output-format", "stream-json", "--verbose"]
            resume = ["-p", "--resume", "{session_id}", "--output-format", "stream-json", "--verbose"]
            session_id = "assign"
            """);
        await s.Start("given", "sleep:30,ok", "myclaude");
        var running = await s.WaitAtWork("given");
        var chosen = running.History()[0].Argv()[2];
        running.SessionId().ShouldBe(chosen);
        File.WriteAllText(s.Env["SHEPHERD_CONFIG"]!, "# the definition is gone from the file: the task keeps the one it started with\n");
        Native.KillGroup(running.History()[0].Pid()!.Value).ShouldBeTrue();
        var t = await s.WaitFinal("given");
        t.State().ShouldBe("succeeded", t.ToString());
        t.History()[1].Argv().ShouldBe(["-p", "--resume", chosen, "--output-format", "stream-json", "--verbose"]);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_one_line_agent_has_its_line_in_list_and_in_the_notification()
    {
        await using var s = new Sandbox();
        using var hook = new WebhookReceiver { Failing = true }; // delivered later, from the log as it ends
        File.WriteAllText(s.Env["SHEPHERD_CONFIG"]!, """
            [agents.oneliner]
            command = "/bin/sh"
            start  = ["-c", "echo refactored the parser", "sh", "{session_id}"]
            resume = ["-c", "echo refactored the parser", "sh", "{session_id}"]
            session_id = "assign"
            """);
        await s.Start("brief", "ok", "oneliner", "--notify", "webhook:" + hook.Url);
        (await s.WaitFinal("brief")).State().ShouldBe("succeeded");
        // The runner tries for 15 s, then finishes up (its __TASK_DONE__ line ends the log); recover delivers it.
        await Sandbox.Until(() => File.Exists(Path.Combine(s.Home, "tasks", "brief", "done")), TimeSpan.FromSeconds(40), "the runner to finish up");
        hook.Refused.ShouldBeGreaterThan(0);
        hook.Failing = false;
        var until = DateTime.UtcNow.AddSeconds(30);
        while (hook.Posts.Count == 0 && DateTime.UtcNow < until)
        {
            (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
            await Task.Delay(500);
        }
        hook.Posts.ShouldHaveSingleItem().GetProperty("output").GetString().ShouldBe("refactored the parser");
        (await s.Shepherd("list")).Stdout.ShouldContain("refactored the parser");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_malformed_definition_fails_start_with_one_line_and_creates_nothing()
    {
        await using var s = new Sandbox();
        File.WriteAllText(s.Env["SHEPHERD_CONFIG"]!, """
            [agents.broken]
            command = "/bin/true"
            start = "exec -"
            resume = ["exec", "resume", "{session_id}"]
            session_id = "json:id"
            """);
        var r = await s.StartRaw("nope", "ok", "broken");
        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stderr.Trim().ShouldBe($"shepherd: {s.Env["SHEPHERD_CONFIG"]}:3:1: [agents.broken] start: must be a list of strings, e.g. [\"exec\", \"-\"]");
        (await s.Shepherd("status", "nope")).ExitCode.ShouldBe(2);
        Directory.Exists(Path.Combine(s.Home, "tasks", "nope")).ShouldBeFalse();
        (await s.Tmux("has-session", "-t", "=broken-nope")).ExitCode.ShouldNotBe(0);
        (await s.Shepherd("doctor")).ExitCode.ShouldBe(2);
        File.Delete(s.Env["SHEPHERD_CONFIG"]!);
        var unknown = await s.StartRaw("nope", "ok", "nosuch");
        unknown.ExitCode.ShouldBe(2);
        unknown.Stderr.ShouldContain("unknown agent 'nosuch'");
    }
}
