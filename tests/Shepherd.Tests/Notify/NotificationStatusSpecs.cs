using System.Text.Json;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Notify;

/// <summary><c>status</c> shows each notification: delivered or not, how many tries, and the last error, so a failed
/// delivery is visible without reading the outbox table.</summary>
public sealed class NotificationStatusSpecs
{
    [Fact(Timeout = 60_000)]
    public async Task Status_shows_a_delivered_and_a_failing_notification_with_its_error()
    {
        await using var s = new Sandbox();
        var ok = Script(s, "ok.sh", "exit 0");
        var failing = Script(s, "failing.sh", "echo 'receiver \"down\" → try later' >&2; exit 3");
        await s.Start("told", "ok", "codex", "--notify", "cmd:" + ok, "--notify", "cmd:" + failing);
        await s.WaitFinal("told");
        var t = await s.WaitFor("told", t => t.GetProperty("notifications").EnumerateArray().All(n => n.GetProperty("tries").GetInt32() >= 1),
            what: "both notifications tried");
        var byNotifier = t.GetProperty("notifications").EnumerateArray().ToDictionary(n => n.GetProperty("notifier").GetString()!);
        byNotifier["cmd:" + ok].GetProperty("status").GetString().ShouldBe("delivered");
        byNotifier["cmd:" + ok].GetProperty("event").GetString().ShouldBe("succeeded");
        byNotifier["cmd:" + ok].GetProperty("lastError").ValueKind.ShouldBe(JsonValueKind.Null);
        var bad = byNotifier["cmd:" + failing];
        bad.GetProperty("status").GetString().ShouldBe("retrying");
        bad.GetProperty("lastError").GetString().ShouldBe($"{failing} exited 3: receiver \"down\" → try later");

        var text = await s.Shepherd("status", "told");
        text.Stdout.ShouldContain("notifications:");
        var lines = text.Stdout.Split('\n');
        lines.ShouldContain(l => l.Contains("cmd:" + ok) && l.Contains("succeeded") && l.Contains("delivered"));
        lines.ShouldContain(l => l.Contains("cmd:" + failing) && l.Contains("retrying") && l.Contains("1 try") &&
                                 l.EndsWith("exited 3: receiver \"down\" → try later"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_webhook_is_shown_by_its_origin_only_because_its_path_may_carry_a_token()
    {
        await using var s = new Sandbox();
        using var hook = new WebhookReceiver();
        await s.Start("hooked", "ok", "codex", "--notify", "webhook:" + hook.Url + "secret-token");
        await s.WaitFinal("hooked");
        var t = await s.WaitFor("hooked", t => t.GetProperty("notifications")[0].GetProperty("status").GetString() == "delivered",
            what: "the webhook delivered");
        var origin = new Uri(hook.Url).GetLeftPart(UriPartial.Authority);
        t.GetProperty("notifications")[0].GetProperty("notifier").GetString().ShouldBe($"webhook:{origin}/…");
        (await s.Shepherd("status", "hooked")).Stdout.ShouldNotContain("secret-token");
    }

    private static string Script(Sandbox s, string name, string body)
    {
        var path = Path.Combine(s.Dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
