using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Notify;

/// <summary>A notification is delivered once even when its first try fails and no daemon runs; a receiver's
/// secret never reaches a log.</summary>
public sealed class DeliverySpecs
{
    [Fact(Timeout = 90_000)]
    public async Task A_notification_whose_first_try_failed_is_delivered_without_a_daemon_exactly_once()
    {
        await using var s = new Sandbox();
        var tried = Path.Combine(s.Dir, "tried");
        var delivered = Path.Combine(s.Dir, "delivered");
        var notifier = s.Script("flaky-notify.sh",
            $"if [ ! -e '{tried}' ]; then touch '{tried}'; exit 1; fi\necho \"$SHEPHERD_NOTIFICATION_ID\" >> '{delivered}'");
        await s.Start("flaky", "ok", "codex", "--notify", "cmd:" + notifier);
        (await s.WaitFinal("flaky")).State().ShouldBe("succeeded");
        await Sandbox.Until(() => File.Exists(Path.Combine(s.Home, "tasks", "flaky", "done")), TimeSpan.FromSeconds(30), "the done file");
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(delivered) && DateTime.UtcNow < until)
        {
            (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
            await Task.Delay(500);
        }
        File.Exists(delivered).ShouldBeTrue("the notification was never delivered");
        for (var i = 0; i < 3; i++) (await s.Shepherd("recover")).ExitCode.ShouldBe(0);
        File.ReadAllLines(delivered).ShouldHaveSingleItem();
    }

    [Fact(Timeout = 120_000)]
    public async Task A_webhook_url_with_a_token_never_appears_in_the_daemon_log()
    {
        await using var s = new Sandbox();
        using var hook = new WebhookReceiver { Failing = true };
        await s.Start("secret", "auth", "codex", "--notify", "webhook:" + hook.Url + "SECRETTOKEN123");
        (await s.WaitFinal("secret")).State().ShouldBe("failed");
        s.StartDaemon();
        await Sandbox.Until(() => { lock (s.DaemonLog) return s.DaemonLog.Any(l => l.Contains("not delivered")); },
            TimeSpan.FromSeconds(90), "the daemon to report the failed delivery (at the next try the backoff allows)");
        lock (s.DaemonLog) s.DaemonLog.ShouldAllBe(l => !l.Contains("SECRETTOKEN123"));
    }
}
