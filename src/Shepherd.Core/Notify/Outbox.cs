using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Store;

namespace Shepherd.Notify;

/// <summary>Delivers due outbox rows: claim, send, mark delivered; a failure is retried with backoff
/// (2 s doubling to 5 min). Runner and daemon both call it; the claim keeps them from sending twice.</summary>
public sealed class Outbox(TaskStore store, ShepherdHome home, TimeProvider clock)
{
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);
    // pid, start time and boot: enough for another process to prove this claimant dead.
    private readonly string _me = $"{Environment.ProcessId}:{ProcessInfo.StartTicks(Environment.ProcessId)}:{BootId.Current()}";

    /// <returns>Lines describing what was delivered or failed.</returns>
    public List<string> DeliverPending(long? taskId = null)
    {
        var log = new List<string>();
        ReleaseClaimsOfDeadSenders();
        foreach (var item in store.DueNotifications(taskId, ClaimTimeout))
        {
            if (!store.TryClaimNotification(item.Id, _me, ClaimTimeout)) continue;
            var env = TaskEnvironment.LoadOr(home.EnvFile(item.TaskName), TaskEnvironment.Current());
            string? error;
            try { error = Notifiers.For(item.Notifier).Send(item, env); }
            catch (Exception e) { error = e.Message; }
            if (error is null)
            {
                store.MarkDelivered(item.Id);
                log.Add($"{item.TaskName}: notified {item.Notifier} ({item.State})");
                continue;
            }
            var delay = TimeSpan.FromSeconds(Math.Min(300, 2 * Math.Pow(2, Math.Min(item.Tries, 10))));
            store.ReleaseNotification(item.Id, error, clock.GetUtcNow() + delay);
            log.Add($"{item.TaskName}: {item.Notifier} not delivered ({error}); retry in {Tasks.Duration.Format(delay)}");
        }
        return log;
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
