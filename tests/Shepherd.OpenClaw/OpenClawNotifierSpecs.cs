using System.Diagnostics;
using Shepherd.Store;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.OpenClaw;

/// <summary>The <c>openclaw</c> notifier against the real OpenClaw: <c>openclaw system event --text "…" --mode now</c>
/// reaches a real gateway, which starts an agent turn whose model request (to the fake model server) carries
/// <c>System: [timestamp] codex succeeded: TASK</c>. Delivered exactly once; not delivered (and retried) while no
/// gateway runs.</summary>
public sealed class OpenClawNotifierSpecs(ITestOutputHelper output)
{
    /// <summary>After the first delivery, how long to keep watching for a second one.</summary>
    private static readonly TimeSpan DuplicateWindow = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 180_000)]
    public async Task A_finished_task_reaches_a_running_gateway_as_a_system_event_exactly_once()
    {
        var clock = Stopwatch.StartNew();
        await using var w = await OpenClawWorld.CreateAsync();
        var ready = await w.StartGatewayAsync();
        output.WriteLine($"gateway healthy after {ready.TotalSeconds:F1} s");

        await w.S.Start("notified", "ok", "codex", "--notify", "openclaw");
        (await w.S.WaitFinal("notified")).State().ShouldBe("succeeded");
        var text = "codex succeeded: notified";
        var request = await WaitForDelivery(w, text, TimeSpan.FromSeconds(60));
        output.WriteLine($"system event reached the model after {clock.Elapsed.TotalSeconds:F1} s");
        OpenClawWorld.SystemEventLine(text).IsMatch(string.Join("\n", request.UserTexts)).ShouldBeTrue(w.Diagnostics());
        Outbox(w, "notified").ShouldSatisfyAllConditions(
            o => o.DeliveredAt.ShouldNotBeNull(w.Diagnostics()),
            o => o.Tries.ShouldBe(1, w.Diagnostics())); // the runner's one try

        w.S.StartDaemon(); // a daemon looking at the same outbox must not send it again
        await Task.Delay(DuplicateWindow);
        w.EventCount(text).ShouldBe(1, w.Diagnostics());
        w.Deliveries(text).Count.ShouldBe(1, w.Diagnostics());
        output.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact(Timeout = 180_000)]
    public async Task Without_a_gateway_the_event_is_not_delivered_and_the_daemon_delivers_it_once_the_gateway_runs()
    {
        var clock = Stopwatch.StartNew();
        await using var w = await OpenClawWorld.CreateAsync();
        await w.S.Start("later", "ok", "codex", "--notify", "openclaw");
        (await w.S.WaitFinal("later")).State().ShouldBe("succeeded");
        // The runner tries once (openclaw exits 1: gateway not reachable), records the failure and exits.
        for (var i = 0; i < 600 && Runners.Of(w.S).Count > 0; i++) await Task.Delay(100); // one CLI call: 5-25 s
        Runners.Of(w.S).ShouldBeEmpty();
        var failed = Outbox(w, "later");
        output.WriteLine($"runner's try after {clock.Elapsed.TotalSeconds:F1} s: {failed.LastError}");
        failed.DeliveredAt.ShouldBeNull();
        failed.Tries.ShouldBeInRange(1, 2); // a slow CLI call (over 20 s under load) leaves room for the runner's 2 s retry
        failed.LastError.ShouldNotBeNull().ShouldContain("exited 1");
        var text = "codex succeeded: later";
        w.Deliveries(text).ShouldBeEmpty(w.Diagnostics());

        var ready = await w.StartGatewayAsync();
        output.WriteLine($"gateway healthy after {ready.TotalSeconds:F1} s (at {clock.Elapsed.TotalSeconds:F1} s)");
        w.Deliveries(text).ShouldBeEmpty(w.Diagnostics()); // nothing was queued anywhere: only a retry can deliver it
        w.S.StartDaemon();
        await WaitForDelivery(w, text, TimeSpan.FromSeconds(60));
        output.WriteLine($"system event reached the model after {clock.Elapsed.TotalSeconds:F1} s");

        await Task.Delay(DuplicateWindow);
        w.EventCount(text).ShouldBe(1, w.Diagnostics());
        w.Deliveries(text).Count.ShouldBe(1, w.Diagnostics());
        var delivered = Outbox(w, "later");
        delivered.DeliveredAt.ShouldNotBeNull(w.Diagnostics());
        delivered.LastError.ShouldBeNull();
        delivered.Tries.ShouldBe(failed.Tries + 1); // the runner's failed tries and the daemon's first retry
        lock (w.S.DaemonLog) w.S.DaemonLog.ShouldContain(l => l.Contains("later: notified openclaw (succeeded)"), w.Diagnostics());
        output.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task<Shepherd.FakeModel.RecordedRequest> WaitForDelivery(OpenClawWorld w, string text, TimeSpan timeout)
    {
        try { return await w.Server.WaitForRequestAsync(r => r.AnyUserTextContains(text), timeout); }
        catch (TimeoutException e) { throw new TimeoutException($"'{text}' did not reach the model: {e.Message}\n{w.Diagnostics()}", e); }
    }

    /// <summary>The task's single outbox row, read from its shepherd.db.</summary>
    private static OutboxItem Outbox(OpenClawWorld w, string task)
    {
        using var store = TaskStore.Open(new ShepherdHome(w.S.Home));
        var t = store.FindTask(task).ShouldNotBeNull();
        return store.Notifications(t.Id).ShouldHaveSingleItem();
    }
}
