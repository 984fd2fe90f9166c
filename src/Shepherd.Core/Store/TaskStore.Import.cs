using Microsoft.Data.Sqlite;
using Shepherd.Tasks;

namespace Shepherd.Store;

public sealed partial class TaskStore
{
    /// <summary>Stores a task brought from another SHEPHERD_HOME (<c>shepherd import</c>) with its attempts and checks, in one
    /// transaction, in the state it is given (a final one: nothing runs it until <c>resume</c>) and without notifications.
    /// Nothing of another machine's processes is kept (pids, start ticks, boot ids, monotonic readings). A taken name is a
    /// usage error.</summary>
    public TaskRecord ImportTask(TaskRecord t, IReadOnlyList<AttemptRecord> attempts, IReadOnlyList<CheckRecord> checks)
    {
        if (!t.State.IsFinal()) throw new ArgumentException("an imported task is stored in a final state", nameof(t));
        var now = Now();
        try
        {
            var id = _c.InTransaction(() =>
            {
                _c.Execute("""
                    INSERT INTO tasks(name, agent, project_dir, tmux_session, state, reason, agent_session_id, extra_args, notify,
                      backoff_ms, backoff_max_ms, max_restarts, window_ms, healthy_ms, max_runtime_ms,
                      check_command, check_timeout_ms, budget_from, max_handoffs, handoff_reason, start_commit, resume_prompt,
                      created_at, updated_at)
                    VALUES($name, $agent, $dir, $tmux, $state, $reason, $sid, $extra, $notify, $b, $bm, $mr, $w, $h, $rt,
                      $check, $ct, $bf, $mh, $hr, $commit, $rp, $created, $now)
                    """,
                    ("$name", t.Name), ("$agent", t.Agent), ("$dir", t.ProjectDir), ("$tmux", t.TmuxSession), ("$state", t.State.Text()),
                    ("$reason", t.Reason), ("$sid", t.AgentSessionId), ("$extra", Json(t.ExtraArgs)), ("$notify", Json(t.Notify)),
                    ("$b", Ms(t.Policy.InitialBackoff)), ("$bm", Ms(t.Policy.MaxBackoff)), ("$mr", t.Policy.MaxRestarts),
                    ("$w", Ms(t.Policy.Window)), ("$h", Ms(t.Policy.HealthyAfter)), ("$rt", Ms(t.Policy.MaxRuntime)),
                    ("$check", t.CheckCommand), ("$ct", Ms(t.CheckTimeout)), ("$bf", t.BudgetFrom), ("$mh", t.MaxHandoffs),
                    ("$hr", t.HandoffReason), ("$commit", t.StartCommit), ("$rp", t.ResumePrompt), ("$created", Sql.Iso(t.CreatedAt)), ("$now", now));
                var taskId = _c.Scalar<long>("SELECT last_insert_rowid()");
                foreach (var a in attempts)
                    _c.Execute("""
                        INSERT INTO attempts(task_id, number, kind, agent_session_id, started_at, ended_at, exit_code, signal, outcome,
                          detail, argv, run_ms, answered, prompt)
                        VALUES($t, $n, $k, $s, $start, $end, $code, $sig, $o, $d, $argv, $ms, $ans, $p)
                        """, ("$t", taskId), ("$n", a.Number), ("$k", a.Kind), ("$s", a.AgentSessionId), ("$start", Sql.Iso(a.StartedAt)),
                        ("$end", Sql.Iso(a.EndedAt ?? a.StartedAt)), ("$code", a.ExitCode), ("$sig", a.Signal),
                        ("$o", (a.Outcome ?? AttemptOutcome.Lost).Text()), ("$d", a.Detail), ("$argv", Json(a.Argv)),
                        ("$ms", a.RunTime is { } r ? (long)r.TotalMilliseconds : null), ("$ans", a.Answered ? 1 : 0), ("$p", a.Prompt));
                foreach (var c in checks) InsertCheck(c with { TaskId = taskId });
                return taskId;
            });
            return GetTask(id)!;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the name is taken
        {
            throw new UsageException($"a task named '{t.Name}' already exists");
        }
    }
}
