using Microsoft.Data.Sqlite;
using Shepherd.Tasks;

namespace Shepherd.Store;

public sealed partial class TaskStore
{
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
                      backoff_ms, backoff_max_ms, max_restarts, window_ms, healthy_ms, max_runtime_ms,
                      check_command, check_timeout_ms, max_handoffs, start_commit, max_tokens, max_cost_usd, notify_on, engine, engine_settings, created_at, updated_at)
                    VALUES($name, $agent, $dir, $tmux, 'starting', $extra, $notify, $b, $bm, $mr, $w, $h, $rt, $check, $ct, $mh, $commit,
                      $maxtok, $maxusd, $on, $engine, $es, $now, $now)
                    """,
                    ("$name", t.Name), ("$agent", t.Agent), ("$dir", t.ProjectDir), ("$tmux", t.TmuxSession),
                    ("$extra", Json(t.ExtraArgs)), ("$notify", Json(t.Notify)),
                    ("$b", Ms(t.Policy.InitialBackoff)), ("$bm", Ms(t.Policy.MaxBackoff)), ("$mr", t.Policy.MaxRestarts),
                    ("$w", Ms(t.Policy.Window)), ("$h", Ms(t.Policy.HealthyAfter)), ("$rt", Ms(t.Policy.MaxRuntime)),
                    ("$check", t.CheckCommand), ("$ct", Ms(t.CheckTimeout)), ("$mh", t.MaxHandoffs), ("$commit", t.StartCommit),
                    ("$maxtok", t.MaxTokens), ("$maxusd", t.MaxCostUsd?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    ("$on", t.NotifyOn.Count == 0 ? "" : Json(t.NotifyOn)), ("$engine", t.Engine), ("$es", t.EngineSettings), ("$now", now));
                return _c.Scalar<long>("SELECT last_insert_rowid()");
            });
            return GetTask(id)!;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the name is taken
        {
            throw new UsageException($"a task named '{t.Name}' already exists");
        }
    }

    public TaskRecord? GetTask(long id) => _c.Query("SELECT * FROM tasks WHERE id = $id", ReadTask, ("$id", id)).FirstOrDefault();

    public TaskRecord? FindTask(string name) => _c.Query("SELECT * FROM tasks WHERE name = $n", ReadTask, ("$n", name)).FirstOrDefault();

    /// <summary>The task with that name, or a usage error naming it.</summary>
    public TaskRecord GetTask(string name) =>
        FindTask(TaskName.Validate(name)) ?? throw new UsageException($"no task named '{name}'");

    /// <summary>Runs <paramref name="work"/> inside a write transaction when no task holds the name, so that no start
    /// takes the name meanwhile; false when one holds it.</summary>
    public bool WhileNoTaskNamed(string name, Func<bool> work) => _c.InTransaction(() =>
        _c.Scalar<long>("SELECT COUNT(*) FROM tasks WHERE name = $n", ("$n", name)) == 0 && work());

    public List<TaskRecord> ListTasks() => _c.Query("SELECT * FROM tasks ORDER BY id", ReadTask);

    public List<TaskRecord> ListUnfinished() =>
        _c.Query("SELECT * FROM tasks WHERE state NOT IN ('succeeded','failed','stopped') ORDER BY id", ReadTask);

    public List<TaskRecord> ListFinishedSince(DateTimeOffset since) =>
        _c.Query("SELECT * FROM tasks WHERE state IN ('succeeded','failed','stopped') AND updated_at >= $t ORDER BY id", ReadTask,
            ("$t", Sql.Iso(since)));

    /// <summary>Moves a task from one of <paramref name="from"/> to <paramref name="to"/>; false when someone else
    /// changed it first. Entering a final state queues its notifications in the same transaction.</summary>
    public bool TryTransition(long id, TaskState[] from, TaskState to, string? reason = null, DateTimeOffset? nextAttemptAt = null) =>
        _c.InTransaction(() => TransitionInTx(id, from, to, reason, nextAttemptAt));

    private bool TransitionInTx(long id, TaskState[] from, TaskState to, string? reason, DateTimeOffset? nextAttemptAt)
    {
        var changed = _c.Execute($"""
            UPDATE tasks SET state = $to, reason = $reason, next_attempt_at = $next, updated_at = $now
            WHERE id = $id AND state IN ({States(from)})
            """, ("$to", to.Text()), ("$reason", reason), ("$next", Sql.Iso(nextAttemptAt)), ("$now", Now()), ("$id", id));
        if (changed == 1 && to.IsFinal()) EnqueueFinalNotifications(id, to, reason);
        return changed == 1;
    }

    /// <summary>Enters a final state from any unfinished one (and queues its notifications).</summary>
    public bool TryFinish(long id, TaskState finalState, string? reason) => TryTransition(id, TaskStates.NotFinal, finalState, reason);

    public void SetAgentSessionId(long taskId, long attemptId, string sessionId) => _c.InTransaction(() =>
    {
        _c.Execute("UPDATE tasks SET agent_session_id = $s, updated_at = $now WHERE id = $id",
            ("$s", sessionId), ("$now", Now()), ("$id", taskId));
        _c.Execute("UPDATE attempts SET agent_session_id = $s WHERE id = $a", ("$s", sessionId), ("$a", attemptId));
    });

    public void MarkRunnerLaunched(long id, DateTimeOffset? at) =>
        _c.Execute("UPDATE tasks SET runner_launched_at = $t WHERE id = $id", ("$t", Sql.Iso(at)), ("$id", id));

    public void SetRunner(long id, int pid, long startTicks, string bootId, string? pane) =>
        _c.Execute("""
            UPDATE tasks SET runner_pid = $p, runner_start_ticks = $t, runner_boot_id = $b, runner_pane = COALESCE($pane, runner_pane),
              runner_registered_at = $now
            WHERE id = $id
            """, ("$p", pid), ("$t", startTicks), ("$b", bootId), ("$pane", pane), ("$now", Now()), ("$id", id));

    public void TouchOutput(long id, DateTimeOffset at) =>
        _c.Execute("UPDATE tasks SET last_output_at = $t, stalled_since = NULL WHERE id = $id", ("$t", Sql.Iso(at)), ("$id", id));

    public void SetOutputError(long id, string error) =>
        _c.Execute("UPDATE tasks SET output_error = $e, updated_at = $now WHERE id = $id", ("$e", error), ("$now", Now()), ("$id", id));

    /// <summary>Deletes the task and everything that belongs to it (attempts, intents, checks); undelivered
    /// notifications stay, detached, so they are still sent.</summary>
    public void DeleteTask(long id) => _c.InTransaction(() =>
    {
        _c.Execute("DELETE FROM attempts WHERE task_id = $id", ("$id", id));
        _c.Execute("DELETE FROM intents WHERE task_id = $id", ("$id", id));
        _c.Execute("DELETE FROM checks WHERE task_id = $id", ("$id", id));
        _c.Execute("DELETE FROM tasks WHERE id = $id", ("$id", id));
    });

    private static string States(IEnumerable<TaskState> states) => string.Join(',', states.Select(s => $"'{s.Text()}'"));

    private static long Ms(TimeSpan t) => (long)t.TotalMilliseconds;

    private static readonly Sql.Columns TaskColumns = new();

    private static TaskRecord ReadTask(SqliteDataReader reader) => ReadTask(TaskColumns.Of(reader));

    private static TaskRecord ReadTask(Sql.Row r) => new()
    {
        Id = r.Long("id")!.Value,
        Name = r.Text("name")!,
        Agent = r.Text("agent")!,
        ProjectDir = r.Text("project_dir")!,
        TmuxSession = r.Text("tmux_session")!,
        State = TaskStates.Parse(r.Text("state")!),
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
        CheckCommand = r.Text("check_command"),
        CheckTimeout = TimeSpan.FromMilliseconds(r.Long("check_timeout_ms") ?? Ms(TaskRecord.DefaultCheckTimeout)),
        StopRequest = (StopRequest)(r.Long("stop_requested") ?? 0),
        ResumePrompt = r.Text("resume_prompt"),
        NextAttemptAt = r.Time("next_attempt_at"),
        BudgetFrom = r.Int("budget_from") ?? 1,
        RunnerPid = r.Int("runner_pid"),
        RunnerStartTicks = r.Long("runner_start_ticks"),
        RunnerBootId = r.Text("runner_boot_id"),
        RunnerPane = r.Text("runner_pane"),
        RunnerLaunchedAt = r.Time("runner_launched_at"),
        RunnerRegisteredAt = r.Time("runner_registered_at"),
        LastOutputAt = r.Time("last_output_at"),
        StalledSince = r.Time("stalled_since"),
        OutputError = r.Text("output_error"),
        MaxHandoffs = r.Int("max_handoffs") ?? 2,
        HandoffReason = r.Text("handoff_reason"),
        StartCommit = r.Text("start_commit"),
        Engine = r.Text("engine") ?? Engines.Tmux,
        EngineSettings = r.Text("engine_settings"),
        EngineJob = r.Text("engine_job"),
        EngineNode = r.Text("engine_node"),
        LeaseHolder = r.Text("lease_holder"),
        LeaseUntil = r.Time("lease_until"),
        Worktree = r.Text("worktree_origin") is { } origin ? new TaskWorktree(origin, r.Text("worktree_branch") ?? "") : null,
        MaxTokens = r.Long("max_tokens"),
        MaxCostUsd = r.Text("max_cost_usd") is { } usd ? decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture) : null,
        NotifyOn = r.Text("notify_on") is { Length: > 0 } on ? FromJson(on) : [],
        CreatedAt = r.Time("created_at")!.Value,
        UpdatedAt = r.Time("updated_at")!.Value,
    };
}
