using System.Text.RegularExpressions;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary>The live view, read off a real terminal (a tmux pane, capture-pane): list fitted to the width and coloured
/// by state, list --watch redrawing in place until Ctrl-C, wait showing state changes on a terminal only.</summary>
public sealed class LiveViewSpecs
{
    private const string LongName = "a-rather-long-task-name-of-forty-chars-x";

    [Fact(Timeout = 60_000)]
    public async Task List_on_a_terminal_fits_its_width_sizes_the_name_column_and_colours_the_states()
    {
        await using var s = new Sandbox();
        await s.Start("ok", "ok");
        await s.Start(LongName, "auth");
        await s.WaitFinal("ok");
        await s.WaitFinal(LongName);
        var pane = await Pane.Run(s, "view", 100, 20, null, "list");
        (await pane.WaitForExit()).ShouldBe(0);
        var lines = (await pane.Screen()).Split('\n').Where(l => l.Length > 0).ToList();
        lines.ShouldAllBe(l => l.Length <= 100);
        lines[0].ShouldStartWith("NAME" + new string(' ', LongName.Length - 4 + 2) + "AGENT");
        lines.ShouldContain(l => l.StartsWith(LongName + "  codex") && l.Contains("failed") && l.EndsWith("…"));
        lines.ShouldContain(l => Regex.IsMatch(l, @"^ok\s+codex\s+succeeded\s+1\s+\d+s\s+done: .+$")); // what the agent said last
        var coloured = await pane.Screen(escapes: true);
        coloured.ShouldMatch(@"\u001b\[(31|38;5;9)mfailed");    // red
        coloured.ShouldMatch(@"\u001b\[(32|38;5;2)msucceeded"); // green

        var narrow = await Pane.Run(s, "narrow", 64, 20, null, "list");
        (await narrow.WaitForExit()).ShouldBe(0);
        var narrowLines = (await narrow.Screen()).Split('\n').Where(l => l.Length > 0).ToList();
        narrowLines.ShouldAllBe(l => l.Length <= 64);
        narrowLines[0].ShouldStartWith("NAME" + new string(' ', LongName.Length - 4 + 2) + "STATE      REASON"); // less useful columns go first
        narrowLines.ShouldContain(l => l.StartsWith(LongName + "  failed"));
    }

    [Fact(Timeout = 60_000)]
    public async Task List_has_no_colours_with_NO_COLOR_or_when_piped_and_piped_lines_are_not_cut()
    {
        await using var s = new Sandbox();
        await s.Start(LongName, "auth");
        await s.WaitFinal(LongName);
        var pane = await Pane.Run(s, "view", 72, 20, new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, "list");
        (await pane.WaitForExit()).ShouldBe(0);
        var screen = await pane.Screen(escapes: true);
        screen.ShouldContain("failed");
        screen.ShouldNotContain("\u001b[3");
        var piped = await s.Shepherd("list");
        piped.Stdout.ShouldNotContain("\u001b");
        piped.Stdout.ShouldContain("authentication refused: 401 Unauthorized: invalid x-api-key\n");
        piped.Stdout.Split('\n').ShouldAllBe(l => l == l.TrimEnd());
    }

    [Fact(Timeout = 90_000)]
    public async Task List_watch_redraws_in_place_with_state_attempts_runtime_and_last_output_until_ctrl_c()
    {
        await using var s = new Sandbox();
        await s.Start("watched", "hang");
        await s.WaitAtWork("watched");
        var pane = await Pane.Run(s, "view", 110, 20, null, "list", "--watch");
        var screen = await pane.WaitForScreen(x => x.Contains("watched") && x.Contains("running"), "the running task");
        screen.ShouldContain("RUNTIME");
        screen.ShouldContain("LAST OUTPUT");
        screen.ShouldNotContain("{\"type\""); // the agent's words, never its protocol
        var row = screen.Split('\n').Single(l => l.StartsWith("watched"));
        row.ShouldMatch(@"^watched\s+codex\s+running\s+1\s+\d+(\.\d)?(ms|s)");
        var log = Path.Combine(s.Home, "tasks", "watched", "output.log");
        File.AppendAllText(log, "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_3\",\"type\":\"agent_message\",\"text\":\"Looking at the failing tests first.\"}}\n");
        await pane.WaitForScreen(x => x.Contains("Looking at the failing tests first."), "the agent's message");
        File.AppendAllText(log, "\u001b[1mstep 3 of 7\u001b[0m: writing tests\n");
        await pane.WaitForScreen(x => x.Contains("step 3 of 7: writing tests"), "the new last line, without its escape sequences");
        (await s.Shepherd("stop", "watched")).ExitCode.ShouldBe(0);
        screen = await pane.WaitForScreen(x => x.Contains("stopped"), "the stop");
        Regex.Matches(screen, "NAME").Count.ShouldBe(1); // redrawn in place, not appended
        (await pane.ExitStatus()).ShouldBeNull();
        await pane.Keys("C-c");
        (await pane.WaitForExit()).ShouldBe(0);
    }

    [Fact(Timeout = 120_000)]
    public async Task List_watch_survives_a_resize_each_frame_is_what_a_fresh_start_at_that_size_shows()
    {
        await using var s = new Sandbox();
        foreach (var (name, plan) in new[] { ("first-task-with-a-long-name", "ok"), ("second", "auth"), ("third", "ok"), ("fourth", "ok") })
            await s.Start(name, plan);
        foreach (var name in new[] { "first-task-with-a-long-name", "second", "third", "fourth" }) await s.WaitFinal(name);

        var pane = await Pane.Run(s, "watch", 130, 20, null, "list", "--watch");
        await pane.WaitForScreen(x => x.Contains("fourth"), "the first frame");
        foreach (var (width, height) in new[] { (60, 20), (45, 20), (80, 20), (130, 20), (70, 8), (70, 4) })
        {
            await pane.Resize(width, height);
            var fresh = await Pane.Run(s, $"fresh-{width}x{height}", width, height, null, "list", "--watch");
            var expected = Normalise(await fresh.WaitForScreen(x => Normalise(x).Contains("NAME") || height < 3, $"a fresh start at {width}x{height}"));
            var resized = "";
            for (var until = DateTime.UtcNow.AddSeconds(10); ; await Task.Delay(100))
            {
                resized = Normalise(await pane.Visible());
                expected = Normalise(await fresh.Visible());
                if (resized == expected) break;
                if (DateTime.UtcNow > until) throw new TimeoutException($"at {width}x{height} the resized view is\n{resized}\n--- and a fresh start\n{expected}");
            }
            var rows = resized.Split('\n');
            rows.ShouldAllBe(r => r.Length <= width);
            rows[0].ShouldStartWith("shepherd");
            if (height >= 3) rows[1].ShouldStartWith("NAME");
            await fresh.Keys("C-c");
            (await fresh.WaitForExit()).ShouldBe(0);
        }
        (await pane.HistorySize()).ShouldBe(0); // no frame pushed into the scrollback
        await pane.Keys("C-c");
        (await pane.WaitForExit()).ShouldBe(0);
        (await pane.Screen()).ShouldContain("fourth"); // the last frame stays on the normal screen
    }

    /// <summary>The screen without what changes each second (the clock) and without trailing blanks.</summary>
    private static string Normalise(string screen) =>
        string.Join('\n', Regex.Replace(screen, @"\d\d:\d\d:\d\d", "hh:mm:ss").Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n');

    [Fact(Timeout = 30_000)]
    public async Task List_watch_off_a_terminal_is_refused()
    {
        await using var s = new Sandbox();
        var r = await s.Shepherd("list", "--watch");
        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain("--watch needs a terminal");
    }

    [Fact(Timeout = 90_000)]
    public async Task Wait_on_a_terminal_shows_each_state_change_with_the_elapsed_time_and_off_a_terminal_only_the_result()
    {
        await using var s = new Sandbox();
        await s.Start("waited", "exit:1,sleep:2", "codex", "--backoff", "1s");
        var pane = await Pane.Run(s, "view", 100, 20, null, "wait", "waited");
        (await pane.WaitForExit(TimeSpan.FromSeconds(40))).ShouldBe(0);
        var lines = (await pane.Screen()).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        lines.ShouldNotContain(l => l.Contains("waiting for")); // the in-place line is cleared before the result
        lines.ShouldContain(l => Regex.IsMatch(l, @"^\s*\d+(\.\d)?(ms|s)  waited backoff \(attempt 1\)"));
        lines.ShouldContain(l => Regex.IsMatch(l, @"^\s*\d+(\.\d)?(ms|s)  waited running \(attempt 2\)$"));
        lines.ShouldContain(l => Regex.IsMatch(l, @"^\s*\d+(\.\d)?(ms|s)  waited succeeded \(attempt 2\)$"));
        lines[^1].ShouldBe("waited succeeded");
        var quiet = await s.Shepherd("wait", "waited");
        quiet.Stdout.ShouldBe("waited succeeded\n");
    }
}
