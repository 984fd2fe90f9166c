using Microsoft.Data.Sqlite;
using Shepherd.Tasks;

namespace Shepherd.Store;

public sealed partial class TaskStore
{
    private const string TaskColumns = "*";

    /// <summary>Inserts a new task in state starting; a taken name is a usage error.</summary>
    public TaskRecord InsertTask(TaskRecord t)
    {
        var now = Now();
        try
        {
            var id = _c.InTransaction(() =>
            {
                _c.Execute("""
                    INSERT INTO tasks(name, agent, project_dir, tmux_session, state, extra_args, notify,
                      backoff_ms, backoff_max_ms, max_restarts, window_ms, healthy_ms, max_runtime_ms, created_at, updated_at)
                    VALUES($name, $agent, $dir, $tmux, $state, $extra, $notify, $b, $bm, $mr, $w, $h, $rt, $now, $now)
                    """,
                    ("$name", t.Name), ("$agent", t.Agent), ("$dir", t.ProjectDir), ("$tmux", t.TmuxSession),
                    ("$state", TaskState.Starting), ("$extra", Json(t.ExtraArgs)), ("$notify", Json(t.Notify)),
                    ("$b", (long)t.Policy.InitialBackoff.TotalMilliseconds), ("$bm", (long)t.Policy.MaxBackoff.TotalMilliseconds),
                    ("$mr", t.Policy.MaxRestarts), ("$w", (long)t.Policy.Window.TotalMilliseconds),
                    ("$h", (long)t.Policy.HealthyAfter.TotalMilliseconds), ("$rt", (long)t.Policy.MaxRuntime.TotalMilliseconds),
                    ("$now", now));
                return _c.Scalar<long>("SELECT last_insert_rowid()");
            });
            return GetTask(id)!;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the name is taken
        {
            throw new UsageException($"a task named '{t.Name}' already exists");
        }
    }

    public TaskRecord? GetTask(long id) =>
        _c.Query($"SELECT {TaskColumns} FROM tasks WHERE id = $id", ReadTask, ("$id", id)).FirstOrDefault();

    public TaskRecord? FindTask(string name) =>
        _c.Query($"SELECT {TaskColumns} FROM tasks WHERE name = $n", ReadTask, ("$n", name)).FirstOrDefault();

    /// <summary>The task with that name, or a usage error naming it.</summary>
    public TaskRecord GetTask(string name) =>
        FindTask(TaskName.Validate(name)) ?? throw new UsageException($"no task named '{name}'");

    public List<TaskRecord> ListTasks() => _c.Query($"SELECT {TaskColumns} FROM tasks ORDER BY id", ReadTask);

    public List<TaskRecord> ListUnfinished() =>
        _c.Query($"SELECT {TaskColumns} FROM tasks WHERE state NOT IN ('succeeded','failed','stopped') ORDER BY id", ReadTask);

    /// <summary>Moves a task from one of <paramref name="from"/> to <paramref name="to"/>; false when
    /// someone else changed it first.</summary>
    public bool TryTransition(long id, string[] from, string to, string? reason = null, DateTimeOffset? nextAttemptAt = null) =>
        _c.InTransaction(() => TransitionInTx(id, from, to, reason, nextAttemptAt));

    private bool TransitionInTx(long id, string[] from, string to, string? reason, DateTimeOffset? nextAttemptAt)
    {
        var changed = _c.Execute($"""
            UPDATE tasks SET state = $to, reason = $reason, next_attempt_at = $next, updated_at = $now
            WHERE id = $id AND state IN ({string.Join(',', from.Select(s => $"'{s}'"))})
            """, ("$to", to), ("$reason", reason), ("$next", Sql.Iso(nextAttemptAt)), ("$now", Now()), ("$id", id));
        if (changed == 1 && TaskState.IsFinal(to)) EnqueueNotifications(id, to, reason);
        return changed == 1;
    }

    /// <summary>Enters a final state (and queues its notifications in the same transaction).</summary>
    public bool TryFinish(long id, string[] from, string finalState, string? reason) =>
        TryTransition(id, from, finalState, reason);

    /// <summary>Records the user's stop before anyone signals, so the exit is never taken for a crash.
    /// Returns the state the task was in.</summary>
    public string RequestStop(long id) => _c.InTransaction(() =>
    {
        var state = _c.Scalar<string>("SELECT state FROM tasks WHERE id = $id", ("$id", id)) ?? throw new UsageException("task vanished");
        if (!TaskState.IsFinal(state))
            _c.Execute("UPDATE tasks SET stop_requested = 1, updated_at = $now WHERE id = $id", ("$now", Now()), ("$id", id));
        return state;
    });

    /// <summary>Makes a task runnable again (explicit resume): clears a stop, sets the prompt for the
    /// next attempt. Final states are left only through here.</summary>
    public void Reopen(long id, string? prompt) => _c.InTransaction(() =>
    {
        _c.Execute("""
            UPDATE tasks SET state = CASE WHEN state IN ('succeeded','failed','stopped') THEN 'starting' ELSE state END,
              stop_requested = 0, reason = NULL, resume_prompt = COALESCE($p, resume_prompt), next_attempt_at = NULL,
              stalled_since = NULL, updated_at = $now
            WHERE id = $id
            """, ("$p", prompt), ("$now", Now()), ("$id", id));
    });

    public void ClearResumePrompt(long id) =>
        _c.Execute("UPDATE tasks SET resume_prompt = NULL WHERE id = $id", ("$id", id));

    public void SetAgentSessionId(long taskId, long attemptId, string sessionId) => _c.InTransaction(() =>
    {
        _c.Execute("UPDATE tasks SET agent_session_id = $s, updated_at = $now WHERE id = $id",
            ("$s", sessionId), ("$now", Now()), ("$id", taskId));
        _c.Execute("UPDATE attempts SET agent_session_id = $s WHERE id = $a", ("$s", sessionId), ("$a", attemptId));
    });

    public void MarkRunnerLaunched(long id) =>
        _c.Execute("UPDATE tasks SET runner_launched_at = $t WHERE id = $id", ("$t", Now()), ("$id", id));

    public void SetRunner(long id, int pid, long startTicks, string bootId) =>
        _c.Execute("UPDATE tasks SET runner_pid = $p, runner_start_ticks = $t, runner_boot_id = $b WHERE id = $id",
            ("$p", pid), ("$t", startTicks), ("$b", bootId), ("$id", id));

    public void TouchOutput(long id, DateTimeOffset at) =>
        _c.Execute("UPDATE tasks SET last_output_at = $t, stalled_since = NULL WHERE id = $id", ("$t", Sql.Iso(at)), ("$id", id));

    public void DeleteTask(long id) => _c.InTransaction(() =>
    {
        _c.Execute("DELETE FROM attempts WHERE task_id = $id", ("$id", id));
        _c.Execute("DELETE FROM tasks WHERE id = $id", ("$id", id));
    });

    private TaskRecord ReadTask(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(r.GetOrdinal("id")),
        Name = r.Text("name")!,
        Agent = r.Text("agent")!,
        ProjectDir = r.Text("project_dir")!,
        TmuxSession = r.Text("tmux_session")!,
        State = r.Text("state")!,
        Reason = r.Text("reason"),
        AgentSessionId = r.Text("agent_session_id"),
        ExtraArgs = FromJson(r.Text("extra_args")),
        Notify = FromJson(r.Text("notify")),
        Policy = new RestartPolicy
        {
            InitialBackoff = TimeSpan.FromMilliseconds(r.Long("backoff_ms")!.Value),
            MaxBackoff = TimeSpan.FromMilliseconds(r.Long("backoff_max_ms")!.Value),
            MaxRestarts = r.Int("max_restarts")!.Value,
            Window = TimeSpan.FromMilliseconds(r.Long("window_ms")!.Value),
            HealthyAfter = TimeSpan.FromMilliseconds(r.Long("healthy_ms")!.Value),
            MaxRuntime = TimeSpan.FromMilliseconds(r.Long("max_runtime_ms")!.Value),
        },
        StopRequested = r.Long("stop_requested") == 1,
        ResumePrompt = r.Text("resume_prompt"),
        NextAttemptAt = r.Time("next_attempt_at"),
        RunnerPid = r.Int("runner_pid"),
        RunnerStartTicks = r.Long("runner_start_ticks"),
        RunnerBootId = r.Text("runner_boot_id"),
        RunnerLaunchedAt = r.Time("runner_launched_at"),
        LastOutputAt = r.Time("last_output_at"),
        StalledSince = r.Time("stalled_since"),
        CreatedAt = r.Time("created_at")!.Value,
        UpdatedAt = r.Time("updated_at")!.Value,
    };
}
