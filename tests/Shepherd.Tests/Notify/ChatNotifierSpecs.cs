using System.Text.Json;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Notify;

/// <summary>slack:, discord: and ntfy: post each service's own format to a real local HTTP receiver; a receiver that
/// refuses at first gets the notification later (retried by the outbox), and exactly once.</summary>
public sealed class ChatNotifierSpecs
{
    [Fact(Timeout = 120_000)]
    public async Task Slack_discord_and_ntfy_get_their_own_format_after_refusals_exactly_once()
    {
        await using var s = new Sandbox();
        using var hook = new WebhookReceiver { Failing = true };
        await s.Start("chatty", "auth", "codex",
            "--notify", $"slack:{hook.Url}slack/T000/B000/XXXX", "--notify", $"discord:{hook.Url}discord/123/tok", "--notify", $"ntfy:{hook.Url}ntfy/my-topic");
        (await s.WaitFinal("chatty")).State().ShouldBe("failed");
        await Sandbox.Until(() => hook.Refused >= 3, TimeSpan.FromSeconds(30), "the first tries, refused");
        hook.Failing = false;
        var until = DateTime.UtcNow.AddSeconds(60);
        while (hook.Requests.Count < 3 && DateTime.UtcNow < until)
        {
            (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
            await Task.Delay(500);
        }
        for (var i = 0; i < 3; i++) (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
        var got = hook.Requests;
        got.Count.ShouldBe(3, string.Join("\n", got));

        var slack = JsonDocument.Parse(got.Single(r => r.Path.Contains("/slack/")).Body).RootElement;
        slack.GetProperty("text").GetString()!.ShouldContain("chatty needs you: authentication refused");
        var blocks = slack.GetProperty("blocks").EnumerateArray().ToList();
        blocks[0].GetProperty("type").GetString().ShouldBe("header");
        blocks[0].GetProperty("text").GetProperty("text").GetString()!.ShouldContain("chatty needs you");
        blocks[1].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()).ShouldContain("*State*\nfailed");
        blocks.Where(b => b.GetProperty("type").GetString() == "section" && b.TryGetProperty("text", out _))
            .Select(b => b.GetProperty("text").GetProperty("text").GetString()).ShouldContain(t => t!.StartsWith("authentication refused"));
        blocks.Last().GetProperty("type").GetString().ShouldBe("context"); // a line of the agent's output
        blocks.Last().GetProperty("elements")[0].GetProperty("text").GetString()!.ShouldContain("401 Unauthorized");

        var discord = JsonDocument.Parse(got.Single(r => r.Path.Contains("/discord/")).Body).RootElement;
        discord.GetProperty("content").GetString()!.ShouldContain("chatty needs you");
        var embed = discord.GetProperty("embeds").EnumerateArray().ShouldHaveSingleItem();
        embed.GetProperty("title").GetString().ShouldBe("chatty needs you");
        embed.GetProperty("description").GetString()!.ShouldStartWith("authentication refused");
        embed.GetProperty("fields").EnumerateArray().ShouldContain(f => f.GetProperty("name").GetString() == "Task" && f.GetProperty("value").GetString() == "chatty");
        embed.GetProperty("footer").GetProperty("text").GetString()!.ShouldContain("401 Unauthorized");
        discord.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength().ShouldBe(0);

        var ntfy = got.Single(r => r.Path.Contains("/ntfy/"));
        ntfy.Headers["Title"].ShouldBe("Shepherd: chatty needs you");
        ntfy.Headers["Priority"].ShouldBe("high");
        ntfy.Headers["Tags"].ShouldBe("warning,codex");
        ntfy.Body.ShouldStartWith("chatty needs you\ncodex task chatty: failed\nauthentication refused");

        var status = await s.Status("chatty");
        var rows = status.GetProperty("notifications").EnumerateArray().ToList();
        rows.Count.ShouldBe(3);
        rows.ShouldAllBe(n => n.GetProperty("status").GetString() == "delivered" && n.GetProperty("kind").GetString() == "needs-you");
        rows.ShouldAllBe(n => !n.GetProperty("notifier").GetString()!.Contains("tok") && !n.GetProperty("notifier").GetString()!.Contains("my-topic"));
    }

    [Fact(Timeout = 90_000)]
    public async Task Notify_on_leaves_out_the_kinds_a_task_did_not_ask_for()
    {
        await using var s = new Sandbox();
        using var hook = new WebhookReceiver();
        await s.Start("quiet", "ok", "codex", "--notify", "webhook:" + hook.Url, "--notify-on", "needs-you,failed");
        await s.Start("loud", "auth", "codex", "--notify", "webhook:" + hook.Url, "--notify-on", "needs-you");
        (await s.WaitFinal("quiet")).State().ShouldBe("succeeded");
        (await s.WaitFinal("loud")).State().ShouldBe("failed");
        await s.FinishedUp("quiet");
        await s.FinishedUp("loud");
        await Sandbox.Until(() => hook.Posts.Count >= 1, TimeSpan.FromSeconds(30), "the needs-you notification");
        var post = hook.Posts.ShouldHaveSingleItem();
        post.GetProperty("task").GetString().ShouldBe("loud");
        post.GetProperty("kind").GetString().ShouldBe("needs-you");
        (await s.Status("quiet")).GetProperty("notifications").GetArrayLength().ShouldBe(0);
    }

    [Fact(Timeout = 90_000)]
    public async Task Notify_on_for_one_kind_of_notifier_filters_that_notifier_only()
    {
        await using var s = new Sandbox();
        using var hook = new WebhookReceiver();
        var told = Path.Combine(s.Dir, "told");
        var notifier = s.Script("notify.sh", $"echo \"$SHEPHERD_TASK|$SHEPHERD_KIND\" >> '{told}'");
        string[] both = ["--notify", "webhook:" + hook.Url, "--notify", "cmd:" + notifier, "--notify-on", "needs-you", "--notify-on", "cmd=done,failed"];
        await s.Start("fine", "ok", "codex", both);
        await s.Start("refused", "auth", "codex", both);
        (await s.WaitFinal("fine")).State().ShouldBe("succeeded");
        (await s.WaitFinal("refused")).State().ShouldBe("failed");
        await s.FinishedUp("fine");
        await s.FinishedUp("refused");
        await Sandbox.Until(() => hook.Posts.Count >= 1 && File.Exists(told), TimeSpan.FromSeconds(30), "both notifications");
        var post = hook.Posts.ShouldHaveSingleItem(); // the webhook: needs-you only
        post.GetProperty("task").GetString().ShouldBe("refused");
        File.ReadAllLines(told).ShouldBe(["fine|done"]); // the program: done and failed, and "refused" needs you
        var notify = (await s.Status("fine")).GetProperty("notify").EnumerateArray().ToList();
        notify.Select(n => n.GetProperty("notifier").GetString()).ShouldBe([$"webhook:{new Uri(hook.Url).GetLeftPart(UriPartial.Authority)}/…", "cmd:" + notifier]);
        notify.Select(n => string.Join(",", n.GetProperty("on").EnumerateArray().Select(k => k.GetString()))).ShouldBe(["needs-you", "done,failed"]);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_usage_limit_that_keeps_the_task_waiting_over_half_an_hour_tells_a_person_once_and_a_short_one_does_not()
    {
        await using var s = new Sandbox();
        var told = Path.Combine(s.Dir, "told");
        var notifier = s.Script("notify.sh", $"echo \"$SHEPHERD_TASK|$SHEPHERD_KIND|$SHEPHERD_STATE|$SHEPHERD_REASON\" >> '{told}'");
        await s.Start("long", "usage-limit:3600", "claude", "--notify", "cmd:" + notifier);
        await s.Start("short", "usage-limit:3,ok", "claude", "--notify", "cmd:" + notifier, "--notify-on", "needs-you");
        var waiting = await s.WaitFor("long", t => t.State() == "backoff" && t.History().Count == 1, what: "the long wait");
        waiting.Reason()!.ShouldStartWith("waiting for usage limit until");
        (await s.WaitFinal("short")).State().ShouldBe("succeeded");
        await Sandbox.Until(() => File.Exists(told), TimeSpan.FromSeconds(30), "the needs-you notification");
        for (var i = 0; i < 2; i++) (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
        var line = File.ReadAllLines(told).ShouldHaveSingleItem(); // "short" waited 3 s and succeeded: no kind it asked for
        line.ShouldStartWith("long|needs-you|waiting|waiting for usage limit until");
    }
}
