using Microsoft.Data.Sqlite;
using Shepherd.Tasks;

namespace Shepherd.Store;

/// <summary>The outbox: rows are written in the transaction that enters a final state, claimed by one
/// sender at a time, and marked delivered once confirmed, so a confirmed notification is never sent again.</summary>
public sealed partial class TaskStore
{
    /// <summary>Marks a running task stalled (once per stall) and queues a "stalled" notification.</summary>
    public bool MarkStalled(long id, DateTimeOffset since, string reason) => _c.InTransaction(() =>
    {
        var changed = _c.Execute("UPDATE tasks SET stalled_since = $t WHERE id = $id AND stalled_since IS NULL AND state = 'running'",
            ("$t", Sql.Iso(since)), ("$id", id)) == 1;
        if (changed) EnqueueNotifications(id, "stalled", reason);
        return changed;
    });

    private void EnqueueFinalNotifications(long taskId, TaskState state, string? reason) => EnqueueNotifications(taskId, state.Text(), reason);

    /// <summary>One row per notifier of the task that wants this kind of event (<c>--notify-on</c>), in the caller's
    /// transaction: the event and its notifications are stored together, once.</summary>
    private void EnqueueNotifications(long taskId, string state, string? reason)
    {
        var task = GetTask(taskId)!;
        var kind = Notify.NotificationKinds.Of(state, reason);
        foreach (var notifier in task.Notify.Distinct())
        {
            if (!Notify.NotificationKinds.Wants(task.NotifyOn, notifier, kind)) continue;
            _c.Execute("""
                INSERT INTO outbox(task_id, notification_id, notifier, task_name, agent, project_dir, state, reason, kind, created_at)
                VALUES($t, $nid, $n, $name, $agent, $dir, $state, $reason, $kind, $now)
                """, ("$t", taskId), ("$nid", Guid.NewGuid().ToString("N")),
                ("$n", notifier), ("$name", task.Name), ("$agent", task.Agent), ("$dir", task.ProjectDir),
                ("$state", state), ("$reason", reason), ("$kind", kind), ("$now", Now()));
        }
    }

    /// <summary>Rows due for a try: not delivered, not claimed (or claimed longer ago than
    /// <paramref name="claimTimeout"/>), and past their retry time.</summary>
    public List<OutboxItem> DueNotifications(long? taskId, TimeSpan claimTimeout) =>
        _c.Query("""
            SELECT * FROM outbox WHERE delivered_at IS NULL
              AND (claimed_at IS NULL OR claimed_at < $stale)
              AND (next_try_at IS NULL OR next_try_at <= $now)
              AND ($task IS NULL OR task_id = $task)
            ORDER BY id
            """, ReadOutbox, ("$stale", Sql.Iso(_clock.GetUtcNow() - claimTimeout)), ("$now", Now()), ("$task", taskId));

    public bool TryClaimNotification(long id, string claimant, TimeSpan claimTimeout) =>
        _c.Execute("""
            UPDATE outbox SET claimed_by = $me, claimed_at = $now, tries = tries + 1
            WHERE id = $id AND delivered_at IS NULL AND (claimed_at IS NULL OR claimed_at < $stale)
            """, ("$me", claimant), ("$now", Now()), ("$id", id), ("$stale", Sql.Iso(_clock.GetUtcNow() - claimTimeout))) == 1;

    /// <summary>Undelivered rows someone has claimed, with who claimed them.</summary>
    public List<(long Id, string Claimant)> ClaimedNotifications() =>
        _c.Query("SELECT id, claimed_by FROM outbox WHERE delivered_at IS NULL AND claimed_by IS NOT NULL",
            r => (r.GetInt64(0), r.GetString(1)));

    /// <summary>Frees a claim whose holder is gone, if it still holds it.</summary>
    public void ReleaseClaim(long id, string claimant) =>
        _c.Execute("UPDATE outbox SET claimed_by = NULL, claimed_at = NULL WHERE id = $id AND claimed_by = $c AND delivered_at IS NULL",
            ("$id", id), ("$c", claimant));

    /// <summary>Confirms a delivery; only the sender that still holds the claim may. False when another sender took
    /// the claim over meanwhile (that sender's own confirmation counts).</summary>
    public bool MarkDelivered(long id, string claimant) =>
        _c.Execute("UPDATE outbox SET delivered_at = $now, last_error = NULL WHERE id = $id AND claimed_by = $c AND delivered_at IS NULL",
            ("$now", Now()), ("$id", id), ("$c", claimant)) == 1;

    /// <summary>Gives a failed row back for a later try, if <paramref name="claimant"/> still holds it.</summary>
    public void ReleaseNotification(long id, string claimant, string error, DateTimeOffset nextTry) =>
        _c.Execute("""
            UPDATE outbox SET claimed_by = NULL, claimed_at = NULL, last_error = $e, next_try_at = $next
            WHERE id = $id AND claimed_by = $c AND delivered_at IS NULL
            """, ("$e", error), ("$next", Sql.Iso(nextTry)), ("$id", id), ("$c", claimant));

    /// <summary>When the next undelivered row (of any task) may be tried, or a claim on one runs out; null when nothing waits.</summary>
    public DateTimeOffset? NextOutboxDue(TimeSpan claimTimeout)
    {
        var unclaimed = _c.Scalar<string>("SELECT MIN(COALESCE(next_try_at, created_at)) FROM outbox WHERE delivered_at IS NULL AND claimed_at IS NULL");
        var claimed = _c.Scalar<string>("SELECT MIN(claimed_at) FROM outbox WHERE delivered_at IS NULL AND claimed_at IS NOT NULL");
        DateTimeOffset? Parse(string? t) => t is null ? null : DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture);
        var a = Parse(unclaimed);
        var b = Parse(claimed) + claimTimeout;
        return a is null ? b : b is null ? a : a < b ? a : b;
    }

    /// <summary>Whether any notification (of any task, or of one removed since) waits for delivery.</summary>
    public bool HasUndeliveredNotifications() =>
        _c.Scalar<long>("SELECT EXISTS (SELECT 1 FROM outbox WHERE delivered_at IS NULL)") == 1;

    /// <summary>When the next undelivered row of the task may be tried.</summary>
    public DateTimeOffset? NextTryAt(long taskId) =>
        _c.Query("SELECT MIN(next_try_at) FROM outbox WHERE task_id = $t AND delivered_at IS NULL AND next_try_at IS NOT NULL",
            r => r.IsDBNull(0) ? (DateTimeOffset?)null : DateTimeOffset.Parse(r.GetString(0), System.Globalization.CultureInfo.InvariantCulture),
            ("$t", taskId)).FirstOrDefault();

    public List<OutboxItem> Notifications(long taskId) =>
        _c.Query("SELECT * FROM outbox WHERE task_id = $t ORDER BY id", ReadOutbox, ("$t", taskId));

    private static OutboxItem ReadOutbox(SqliteDataReader r)
    {
        var item = new OutboxItem(
            r.GetInt64(r.GetOrdinal("id")), r.Long("task_id"), r.Text("notification_id")!, r.Text("notifier")!, r.Text("task_name")!,
            r.Text("agent")!, r.Text("project_dir")!, r.Text("state")!, r.Text("reason"), r.Time("created_at")!.Value,
            r.Int("tries") ?? 0, r.Time("delivered_at"), r.Text("last_error"));
        return r.Text("kind") is { } kind ? item with { Kind = kind } : item;
    }
}
