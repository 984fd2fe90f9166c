using Microsoft.Data.Sqlite;

namespace Shepherd.Chaos.Harness;

/// <summary>Notifications, judged against the receiver's log and the outbox: every final state a task entered has one
/// notification id, delivered and received; an id received several times (a sender that died or timed out after the
/// receiver took it) always carries the same task and state; a task has no more final notifications than the times
/// it could have ended (1 + the resumes it was given); the last one names the state the task is in.</summary>
public sealed class NotificationCheck(World world, Tally tally)
{
    public int Repeats { get; private set; }

    public void Run(Slot[] slots)
    {
        var received = world.Notifications.Read();
        foreach (var group in received.GroupBy(r => r.Id))
        {
            if (group.Select(r => (r.Task, r.State)).Distinct().Count() > 1)
                tally.Add(Breach.Duplicated, $"notification {group.Key} arrived with different contents: {string.Join(" | ", group.Select(r => $"{r.Task} {r.State}").Distinct())}");
            Repeats += group.Count() - 1;
        }
        var ids = received.Select(r => r.Id).ToHashSet();
        using var c = world.OpenDatabase();
        foreach (var slot in slots)
        {
            if (slot.Current is not { TaskId: { } id } life) continue;
            var rows = Outbox(c, id);
            foreach (var row in rows.Where(r => r.DeliveredAt is null))
                tally.Add(Breach.Lost, $"{life.Name}: the {row.State} notification {row.Id} was never delivered ({row.LastError})");
            foreach (var row in rows.Where(r => r.DeliveredAt is not null && !ids.Contains(r.Id)))
                tally.Add(Breach.Lost, $"{life.Name}: the {row.State} notification {row.Id} is marked delivered but the receiver never got it");
            var finals = rows.Where(r => r.State is "succeeded" or "failed" or "stopped").ToList();
            if (finals.Count > 1 + life.ResumesIssued)
                tally.Add(Breach.Duplicated, $"{life.Name}: {finals.Count} final notifications ({string.Join(", ", finals.Select(f => f.State))}) for at most {1 + life.ResumesIssued} final states");
            var state = StateOf(c, id);
            if (state is "succeeded" or "failed" or "stopped" && (finals.Count == 0 || finals[^1].State != state))
                tally.Add(Breach.Lost, $"{life.Name}: is {state}, but its last notification says {(finals.Count == 0 ? "nothing" : finals[^1].State)}");
        }
    }

    private sealed record Row(string Id, string State, string? DeliveredAt, string? LastError);

    private static List<Row> Outbox(SqliteConnection c, long taskId)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT notification_id, state, delivered_at, last_error FROM outbox WHERE task_id = $t ORDER BY id";
        cmd.Parameters.AddWithValue("$t", taskId);
        using var r = cmd.ExecuteReader();
        var rows = new List<Row>();
        while (r.Read()) rows.Add(new Row(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));
        return rows;
    }

    private static string? StateOf(SqliteConnection c, long taskId)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT state FROM tasks WHERE id = $t";
        cmd.Parameters.AddWithValue("$t", taskId);
        return cmd.ExecuteScalar() as string;
    }
}
