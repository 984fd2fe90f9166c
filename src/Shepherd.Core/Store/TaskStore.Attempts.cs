using Microsoft.Data.Sqlite;
using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Store;

public sealed partial class TaskStore
{
    /// <summary>Writes the intent to launch: moves the task to running and stores the new attempt in
    /// one transaction. Null when the task is no longer in one of <paramref name="from"/> or a stop
    /// was requested.</summary>
    public AttemptRecord? TryBeginAttempt(long taskId, string[] from, string kind, string? sessionId,
        IReadOnlyList<string> argv, string bootId) => _c.InTransaction(() =>
    {
        var stop = _c.Scalar<long>("SELECT stop_requested FROM tasks WHERE id = $id", ("$id", taskId));
        if (stop == 1) return null;
        if (!TransitionInTx(taskId, from, TaskState.Running, null, null)) return null;
        var number = (int)_c.Scalar<long>("SELECT COALESCE(MAX(number), 0) + 1 FROM attempts WHERE task_id = $id", ("$id", taskId));
        var now = Now();
        _c.Execute("""
            INSERT INTO attempts(task_id, number, kind, agent_session_id, started_at, boot_id, argv)
            VALUES($t, $n, $k, $s, $now, $b, $argv)
            """, ("$t", taskId), ("$n", number), ("$k", kind), ("$s", sessionId), ("$now", now), ("$b", bootId), ("$argv", Json(argv)));
        return ListAttempts(taskId).Last();
    });

    public void SetAttemptProcess(long attemptId, int pid, long startTicks) =>
        _c.Execute("UPDATE attempts SET pid = $p, pid_start_ticks = $t WHERE id = $id",
            ("$p", pid), ("$t", startTicks), ("$id", attemptId));

    public void EndAttempt(long attemptId, ExitStatus? exit, string outcome, string? detail) =>
        _c.Execute("""
            UPDATE attempts SET ended_at = $now, exit_code = $code, signal = $sig, outcome = $o, detail = $d
            WHERE id = $id AND ended_at IS NULL
            """, ("$now", Now()), ("$code", exit?.Code), ("$sig", exit?.Signal), ("$o", outcome), ("$d", detail), ("$id", attemptId));

    public List<AttemptRecord> ListAttempts(long taskId) =>
        _c.Query("SELECT * FROM attempts WHERE task_id = $id ORDER BY number", ReadAttempt, ("$id", taskId));

    public AttemptRecord? LastAttempt(long taskId) =>
        _c.Query("SELECT * FROM attempts WHERE task_id = $id ORDER BY number DESC LIMIT 1", ReadAttempt, ("$id", taskId)).FirstOrDefault();

    private static AttemptRecord ReadAttempt(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(r.GetOrdinal("id")),
        TaskId = r.GetInt64(r.GetOrdinal("task_id")),
        Number = r.GetInt32(r.GetOrdinal("number")),
        Kind = r.Text("kind")!,
        AgentSessionId = r.Text("agent_session_id"),
        StartedAt = r.Time("started_at")!.Value,
        EndedAt = r.Time("ended_at"),
        ExitCode = r.Int("exit_code"),
        Signal = r.Int("signal"),
        Outcome = r.Text("outcome"),
        Detail = r.Text("detail"),
        Pid = r.Int("pid"),
        PidStartTicks = r.Long("pid_start_ticks"),
        BootId = r.Text("boot_id"),
        Argv = FromJson(r.Text("argv")),
    };
}
