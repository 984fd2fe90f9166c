using Shepherd.Tasks;

namespace Shepherd.Store;

public sealed partial class TaskStore
{
    /// <summary>Takes the task's lease for <paramref name="me"/> until now + <paramref name="ttl"/>, unless another run
    /// holds it (<see cref="RunLease.HeldByOther"/>); returns the task as it was when refused, null when taken.</summary>
    public TaskRecord? TryTakeLease(long taskId, RunLease me, TimeSpan ttl) => _c.InTransaction(() =>
    {
        var task = GetTask(taskId);
        if (task is null) return null;
        var now = _clock.GetUtcNow();
        if (RunLease.HeldByOther(task, now, me)) return task;
        _c.Execute("UPDATE tasks SET lease_holder = $h, lease_until = $u WHERE id = $id",
            ("$h", me.Text), ("$u", Sql.Iso(now + ttl)), ("$id", taskId));
        return (TaskRecord?)null;
    });

    /// <summary>Extends the lease; false when it is no longer <paramref name="me"/>'s (another run took it over).</summary>
    public bool RenewLease(long taskId, RunLease me, TimeSpan ttl) =>
        _c.Execute("UPDATE tasks SET lease_until = $u WHERE id = $id AND lease_holder = $h",
            ("$u", Sql.Iso(_clock.GetUtcNow() + ttl)), ("$id", taskId), ("$h", me.Text)) == 1;

    public void ReleaseLease(long taskId, RunLease me) =>
        _c.Execute("UPDATE tasks SET lease_holder = NULL, lease_until = NULL WHERE id = $id AND lease_holder = $h", ("$id", taskId), ("$h", me.Text));

    /// <summary>The engine's job for the task (a Slurm job id) and where it runs now (null: unchanged).</summary>
    public void SetEngineJob(long taskId, string? job, string? node) =>
        _c.Execute("UPDATE tasks SET engine_job = COALESCE($j, engine_job), engine_node = COALESCE($n, engine_node) WHERE id = $id",
            ("$j", job), ("$n", node), ("$id", taskId));
}
