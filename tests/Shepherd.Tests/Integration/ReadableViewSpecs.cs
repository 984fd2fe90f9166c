using System.Text.Json;
using System.Text.RegularExpressions;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary>What a person sees of a task is what the agent said and did, not its protocol: status's transcript, list's
/// last line, <c>logs --transcript</c> and <c>logs --tail</c>, escape sequences stripped everywhere, a queued follow-up
/// shown while it waits, the attempts table with a header.</summary>
public sealed class ReadableViewSpecs
{
    [Fact(Timeout = 60_000)]
    public async Task Status_and_list_show_what_the_agent_said_and_never_its_raw_events_or_the_done_marker()
    {
        await using var s = new Sandbox();
        await s.Start("said", "exit:3,ok", "codex", "--backoff", "0s");
        await s.WaitFinal("said");
        await s.FinishedUp("said");

        var status = await s.Shepherd("status", "said");
        status.ExitCode.ShouldBe(0, status.ToString());
        status.Stdout.ShouldNotContain("{\"type\"");
        status.Stdout.ShouldNotContain("__TASK_DONE__");
        status.Stdout.ShouldMatch(@"(?m)^  done: \d+ chars of prompt$");      // the agent's final message
        status.Stdout.ShouldMatch(@"(?m)^  error: fake failure$");            // the failed turn's error
        status.Stdout.ShouldMatch(@"(?m)^  #\s+KIND\s+STARTED\s+RAN\s+EXIT\s+OUTCOME\s+SPENT\s+DETAIL$");
        status.Stdout.ShouldMatch(@"(?m)^  2\s+resume\s+\d\d:\d\d:\d\d\s+\S+\s+exit 0\s+succeeded\s+[\d.]+k? tokens$"); // the exit said once
        status.Stdout.ShouldNotMatch(@"in -\d"); // no negative wait before a resume

        var json = JsonDocument.Parse((await s.Shepherd("status", "said", "--json")).Stdout).RootElement;
        var transcript = json.GetProperty("transcript").EnumerateArray().ToList();
        transcript.ShouldContain(l => l.GetProperty("kind").GetString() == "said" && l.GetProperty("text").GetString()!.StartsWith("done: "));
        transcript.ShouldNotContain(l => l.GetProperty("text").GetString()!.Contains("__TASK_DONE__"));

        var list = await s.Shepherd("list");
        list.Stdout.ShouldMatch(@"(?m)^said\s+codex\s+succeeded\s+2\s+\S+\s+done: \d+ chars of prompt · [\d.]+k? tokens$");
    }

    [Fact(Timeout = 60_000)]
    public async Task Logs_transcript_reads_the_whole_log_as_lines_and_tail_starts_n_lines_from_the_end()
    {
        await using var s = new Sandbox();
        await s.Start("told", "ok");
        await s.WaitFinal("told");
        await s.FinishedUp("told");

        var transcript = await s.Shepherd("logs", "told", "--transcript");
        transcript.ExitCode.ShouldBe(0, transcript.ToString());
        var lines = transcript.Stdout.TrimEnd('\n').Split('\n');
        lines.ShouldContain("[shepherd] attempt 1: starting codex");
        lines.ShouldContain(l => Regex.IsMatch(l, @"^— conversation [0-9a-f-]{36}$"));
        lines.ShouldContain(l => Regex.IsMatch(l, @"^done: \d+ chars of prompt$"));
        lines.ShouldContain("— turn finished");
        lines.ShouldNotContain(l => l.StartsWith("{") || l.StartsWith("__TASK_DONE__"));

        var last = await s.Shepherd("logs", "told", "--transcript", "-n", "1");
        last.Stdout.ShouldBe(lines[^1] + "\n");

        var raw = File.ReadAllText(Path.Combine(s.Home, "tasks", "told", "output.log")).TrimEnd('\n').Split('\n');
        var tail = await s.Shepherd("logs", "told", "--tail", "2");
        tail.Stdout.ShouldBe(string.Join('\n', raw[^2..]) + "\n");
        (await s.Shepherd("logs", "told", "-n", "0")).Stdout.ShouldBe("");
        (await s.Shepherd("logs", "told", "-n", "100000")).Stdout.ShouldBe(string.Join('\n', raw) + "\n");

        var bad = await s.Shepherd("logs", "told", "--tail", "-3");
        bad.ExitCode.ShouldBe(2);
        bad.Stderr.Trim().Split('\n').Length.ShouldBe(1, bad.Stderr);
    }

    [Fact(Timeout = 60_000)]
    public async Task Escape_sequences_are_stripped_in_status_as_in_logs_plain()
    {
        await using var s = new Sandbox();
        await s.Start("colours", "ansi", "claude");
        await s.WaitFinal("colours");
        var status = await s.Shepherd("status", "colours");
        status.Stdout.ShouldContain("red alert plain");
        status.Stdout.ShouldContain("  titled line");
        status.Stdout.ShouldContain("  progress 100%");
        status.Stdout.ShouldNotContain("\\x1b");
        status.Stdout.ShouldNotContain("\\x0d");
        status.Stdout.ShouldNotContain("\u001b");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_follow_up_queued_during_a_turn_is_shown_by_status_while_it_waits()
    {
        await using var s = new Sandbox();
        await s.Start("busy", "sleep:30,ok");
        await s.WaitAtWork("busy");
        var resume = await s.Shepherd("resume", "busy", "--prompt", "then add a changelog entry");
        resume.Stdout.ShouldContain("queued for after the current turn");

        var text = await s.Shepherd("status", "busy");
        text.Stdout.ShouldContain("queued    for after the current turn: then add a changelog entry");
        (await s.Status("busy")).GetProperty("queuedPrompt").GetString().ShouldBe("then add a changelog entry");

        (await s.Shepherd("stop", "busy")).ExitCode.ShouldBe(0);
        var stopped = await s.WaitFinal("busy");
        stopped.TryGetProperty("queuedPrompt", out _).ShouldBeFalse();
    }
}
