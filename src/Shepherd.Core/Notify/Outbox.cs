using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Store;

namespace Shepherd.Notify;

/// <summary>Delivers due outbox rows: claim, send, mark delivered; a failure is retried with backoff (2 s doubling to
/// 5 min). The runner, <c>recover</c> and the daemon all call it; the claim keeps them from sending twice: it lasts
/// longer than any sender may take, and only its holder may confirm or release it.</summary>
public sealed class Outbox(TaskStore store, ShepherdHome home, TimeProvider clock, Notifiers? notifiers = null)
{
    private readonly Notifiers _notifiers = notifiers ?? Notifiers.Default;

    /// <summary>Longer than the slowest sender (<see cref="ProcessNotifier.Timeout"/>) plus a margin: a claim is never
    /// taken over while its sender may still be sending.</summary>
    public static readonly TimeSpan ClaimTimeout = ProcessNotifier.Timeout + TimeSpan.FromMinutes(3);

    // pid, start time and boot: enough for another process to prove this claimant dead.
    private readonly string _me = $"{Environment.ProcessId}:{ProcessInfo.StartTicks(Environment.ProcessId)}:{BootId.Current()}";

    /// <returns>Lines describing what was delivered or failed (notifier targets are never shown whole: a webhook
    /// URL carries its token).</returns>
    public List<string> DeliverPending(long? taskId = null)
    {
        var log = new List<string>();
        ReleaseClaimsOfDeadSenders();
        foreach (var item in store.DueNotifications(taskId, ClaimTimeout))
        {
            if (!store.TryClaimNotification(item.Id, _me, ClaimTimeout)) continue;
            var env = TaskEnvironment.LoadOr(home.EnvFile(item.TaskName), TaskEnvironment.Current());
            string? error;
            var sent = item with { OutputLine = LastOutputLine.Of(home, item.TaskName, item.Agent) };
            try { error = _notifiers.For(item.Notifier).Send(sent, env); }
            catch (Exception e) { error = e.Message; }
            var shown = NotifierSpec.Describe(item.Notifier);
            if (error is null)
            {
                log.Add(store.MarkDelivered(item.Id, _me)
                    ? $"{item.TaskName}: notified {shown} ({item.State})"
                    : $"{item.TaskName}: {shown} ({item.State}) was taken over by another sender");
                continue;
            }
            var delay = TimeSpan.FromSeconds(Math.Min(300, 2 * Math.Pow(2, Math.Min(item.Tries, 10))));
            store.ReleaseNotification(item.Id, _me, error, clock.GetUtcNow() + delay);
            log.Add($"{item.TaskName}: {shown} not delivered ({NotifierSpec.Redact(item.Notifier, error)}); retry in {Tasks.Duration.Format(delay)}");
        }
        return log;
    }

    /// <summary>Delivers one task's notifications, retrying failures as they come due, until all are delivered or
    /// <paramref name="bound"/> is cancelled (the daemon and <c>recover</c> deliver the rest).</summary>
    public async Task DeliverUntilDoneAsync(long taskId, CancellationToken bound)
    {
        while (!bound.IsCancellationRequested)
        {
            DeliverPending(taskId);
            var waiting = store.Notifications(taskId).Where(n => n.DeliveredAt is null).ToList();
            if (waiting.Count == 0) return;
            var next = store.NextTryAt(taskId) ?? clock.GetUtcNow() + TimeSpan.FromSeconds(1);
            var wait = next - clock.GetUtcNow();
            try { await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(100), clock, bound); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>A sender that died between claiming and confirming (a runner killed right after the final
    /// state) would otherwise block its rows until the claim times out.</summary>
    private void ReleaseClaimsOfDeadSenders()
    {
        foreach (var (id, claimant) in store.ClaimedNotifications())
        {
            var parts = claimant.Split(':');
            if (parts.Length != 3 || !int.TryParse(parts[0], out var pid) || !long.TryParse(parts[1], out var ticks)) continue;
            if (parts[2] != BootId.Current() || !ProcessInfo.IsSame(pid, ticks)) store.ReleaseClaim(id, claimant);
        }
    }
}
