using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary><c>logs --plain</c> strips colours, clipboard writes and title changes; without it the log is raw.</summary>
public sealed class LogsPlainSpecs
{
    private const string Hostile = "\u001b[1;31merror\u001b[0m: \u001b]52;c;cm0gLXJmIH4=\u0007copied \u001b]0;pwned title\u0007done\r\n";

    [Fact(Timeout = 60_000)]
    public async Task Plain_logs_keep_the_text_and_drop_every_escape_sequence_while_raw_logs_keep_them()
    {
        await using var s = new Sandbox();
        await s.Start("colourful", "ok");
        await s.WaitFinal("colourful");
        await s.FinishedUp("colourful");
        File.AppendAllText(Path.Combine(s.Home, "tasks", "colourful", "output.log"), Hostile);
        var plain = await s.Shepherd("logs", "colourful", "--plain");
        plain.ExitCode.ShouldBe(0, plain.ToString());
        plain.Stdout.ShouldEndWith("error: copied done\n");
        plain.Stdout.ShouldContain("thread.started");
        plain.Stdout.ShouldNotContain("\u001b");
        plain.Stdout.ShouldNotContain("\u0007");
        plain.Stdout.ShouldNotContain("cm0gLXJmIH4=");
        plain.Stdout.ShouldNotContain("pwned");
        var raw = await s.Shepherd("logs", "colourful");
        raw.Stdout.ShouldEndWith(Hostile);
    }

    [Fact(Timeout = 60_000)]
    public async Task Plain_follow_strips_what_arrives_while_the_task_runs()
    {
        await using var s = new Sandbox();
        await s.Start("followed", "hang");
        await s.WaitFor("followed", t => t.IsRunning(), what: "running");
        var log = Path.Combine(s.Home, "tasks", "followed", "output.log");
        var follow = s.Shepherd("logs", "followed", "--follow", "--plain");
        File.AppendAllText(log, "\u001b[32mhalf");
        File.AppendAllText(log, "way\u001b[0m\u001b]0;x\u0007 there\n");
        (await s.Shepherd("stop", "followed")).ExitCode.ShouldBe(0);
        var r = await follow;
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("halfway there\n");
        r.Stdout.ShouldNotContain("\u001b");
    }
}
