using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Ownership;

/// <summary>A session id is stored when it is seen — also when the agent exits a moment after printing it — and the
/// one Shepherd chose itself (Claude's --session-id) when the attempt begins: a later resume always finds it.</summary>
public sealed class SessionIdSpecs
{
    /// <summary>A codex stand-in that prints 64 MiB of text (the runner reads it after the agent is gone), then its
    /// thread id, then on its first launch (<paramref name="firstExit"/> 1) exits at once, or finishes its turn; every
    /// launch records its argv.</summary>
    private static string FastExitCodex(Sandbox s, int firstExit) => s.Script($"fast-codex-{firstExit}", $$$"""
        mkdir -p "$FAKE_AGENT_STATE"
        n=$(cat "$FAKE_AGENT_STATE/n" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "$FAKE_AGENT_STATE/n"
        echo "$*" >> "$FAKE_AGENT_STATE/argv"
        cat > /dev/null
        if [ "$n" = 1 ]; then
          yes 'plain output of a busy agent, line after line after line after line' | head -c 67108864
          printf '\n{"type":"thread.started","thread_id":"th-%s"}\n' "$(basename "$FAKE_AGENT_STATE")"
          [ {{{firstExit}}} = 0 ] && printf '{"type":"turn.completed","usage":{"input_tokens":1,"output_tokens":1}}\n'
          exit {{{firstExit}}}
        fi
        printf '{"type":"turn.completed","usage":{"input_tokens":1,"output_tokens":1}}\n'
        """);

    [Fact(Timeout = 120_000)]
    public async Task An_agent_that_exits_right_after_printing_its_id_is_resumed_by_that_id()
    {
        await using var s = new Sandbox();
        s.Env["SHEPHERD_CODEX_BIN"] = FastExitCodex(s, firstExit: 1);
        var names = Enumerable.Range(1, 4).Select(i => $"fast{i}").ToList();
        foreach (var n in names) await s.Start(n);
        foreach (var n in names)
        {
            var t = await s.WaitFinal(n);
            t.State().ShouldBe("succeeded", t.ToString());
            var argv = File.ReadAllLines(Path.Combine(s.FakeState(n), "argv"));
            argv.Length.ShouldBe(2);
            argv[1].ShouldContain($"resume th-{n}", customMessage: $"{n}'s second launch started a new conversation");
            t.SessionId().ShouldBe($"th-{n}");
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_fast_success_keeps_its_session_id_for_a_later_follow_up()
    {
        await using var s = new Sandbox();
        s.Env["SHEPHERD_CODEX_BIN"] = FastExitCodex(s, firstExit: 0);
        var names = Enumerable.Range(1, 4).Select(i => $"quick{i}").ToList();
        foreach (var n in names) await s.Start(n, "ok");
        foreach (var n in names)
        {
            var t = await s.WaitFinal(n);
            t.State().ShouldBe("succeeded");
            t.SessionId().ShouldNotBeNull($"{n} succeeded with no session id stored");
        }
        (await s.Shepherd("resume", names[0], "--prompt", "one more thing")).ExitCode.ShouldBe(0);
        await s.WaitFor(names[0], t => t.Attempts() == 2 && t.State() == "succeeded", what: "the follow-up");
        File.ReadAllLines(Path.Combine(s.FakeState(names[0]), "argv"))[1].ShouldContain($"resume th-{names[0]}",
            customMessage: "the follow-up started a new conversation");
    }

    [Fact(Timeout = 60_000)]
    public async Task The_session_id_Shepherd_chose_for_claude_is_stored_when_the_attempt_begins()
    {
        await using var s = new Sandbox();
        s.Env["SHEPHERD_CLAUDE_BIN"] = s.Script("silent-claude", "cat > /dev/null; exec sleep 60");
        await s.Start("chosen", "ok", "claude");
        var t = await s.WaitFor("chosen", t => t.IsRunning(), what: "running");
        var argv = t.History()[0].Argv();
        var chosen = argv[argv.IndexOf("--session-id") + 1];
        t.SessionId().ShouldBe(chosen);
        (await s.Shepherd("stop", "chosen")).ExitCode.ShouldBe(0);
    }
}
