using Microsoft.Data.Sqlite;
using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Store;

public sealed partial class TaskStore
{
    /// <summary>Writes the intent to launch: moves the task to running, takes its next prompt and stores the new
    /// attempt, in one transaction. Null when the task is no longer in one of <paramref name="from"/> or a stop
    /// was accepted. <paramref name="keepResumePrompt"/>: this launch does not deliver the queued follow-up (a start
    /// before the agent had a conversation), which then stays for the attempt after it. <paramref name="sessionId"/> is
    /// the conversation the attempt resumes, or the one Shepherd chose for a new one (Claude's <c>--session-id</c>):
    /// stored as the task's at once, so no later resume can miss it.</summary>
    /// <param name="prompt">Which prompt the attempt gives (<see cref="AttemptPrompts"/>); a handoff
    /// (<paramref name="kind"/> "handoff") opens a new conversation: the task's id becomes <paramref name="sessionId"/>
    /// (null until the agent shows one) and the pending handoff is taken.</param>
    public AttemptRecord? BeginAttempt(long taskId, TaskState[] from, string kind, string? sessionId,
        IReadOnlyList<string> argv, string bootId, bool keepResumePrompt = false, string? prompt = null) => _c.InTransaction(() =>
    {
        if (_c.Scalar<long>("SELECT stop_requested FROM tasks WHERE id = $id", ("$id", taskId)) != 0) return null;
        var followUp = keepResumePrompt ? null : _c.Scalar<string>("SELECT resume_prompt FROM tasks WHERE id = $id", ("$id", taskId));
        var changed = _c.Execute($"""
            UPDATE tasks SET state = 'running', reason = NULL, next_attempt_at = NULL,
              resume_prompt = CASE WHEN $keep THEN resume_prompt END, stalled_since = NULL, updated_at = $now,
              agent_session_id = CASE WHEN $fresh THEN $s ELSE COALESCE($s, agent_session_id) END,
              handoff_reason = CASE WHEN $fresh THEN NULL ELSE handoff_reason END
            WHERE id = $id AND state IN ({States(from)})
            """, ("$keep", keepResumePrompt), ("$now", Now()), ("$s", sessionId), ("$fresh", kind == "handoff"), ("$id", taskId));
        if (changed != 1) return null;
        var number = (int)_c.Scalar<long>("SELECT COALESCE(MAX(number), 0) + 1 FROM attempts WHERE task_id = $id", ("$id", taskId));
        _c.Execute("""
            INSERT INTO attempts(task_id, number, kind, agent_session_id, started_at, boot_id, argv, follow_up, prompt)
            VALUES($t, $n, $k, $s, $now, $b, $argv, $f, $p)
            """, ("$t", taskId), ("$n", number), ("$k", kind), ("$s", sessionId), ("$now", Now()), ("$b", bootId), ("$argv", Json(argv)),
            ("$f", followUp), ("$p", prompt ?? (followUp is not null ? AttemptPrompts.FollowUp : kind == "start" ? AttemptPrompts.Original : AttemptPrompts.Continue)));
        return LastAttempt(taskId);
    });

    /// <summary>The agent answered the attempt's prompt: stored the moment it is seen.</summary>
    public void MarkAnswered(long attemptId) => _c.Execute("UPDATE attempts SET answered = 1 WHERE id = $id", ("$id", attemptId));

    /// <summary>The tokens and cost the attempt reported so far (its running figures: each call replaces the last), stored
    /// the moment the agent reports them, so a killed attempt keeps them; a field the agent did not report stays as it was.</summary>
    public void SetAttemptUsage(long attemptId, Spend.Usage usage) =>
        _c.Execute("""
            UPDATE attempts SET input_tokens = COALESCE($i, input_tokens), cached_input_tokens = COALESCE($c, cached_input_tokens),
              output_tokens = COALESCE($o, output_tokens), cost_usd = COALESCE($usd, cost_usd)
            WHERE id = $id
            """, ("$i", usage.InputTokens), ("$c", usage.CachedInputTokens), ("$o", usage.OutputTokens),
            ("$usd", usage.CostUsd?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("$id", attemptId));

    public void SetAttemptProcess(long attemptId, int pid, long startTicks) =>
        _c.Execute("UPDATE attempts SET pid = $p, pid_start_ticks = $t WHERE id = $id",
            ("$p", pid), ("$t", startTicks), ("$id", attemptId));

    /// <summary>Stores one attempt's end and everything it decides in one transaction. Returns false when the task
    /// had already left the unfinished states (the attempt's end is stored all the same).</summary>
    public bool Conclude(Conclusion c) => _c.InTransaction(() => ConcludeInTx(c));

    private bool ConcludeInTx(Conclusion c)
    {
        if (c.AttemptId is { } attemptId)
            _c.Execute("""
                UPDATE attempts SET ended_at = COALESCE(ended_at, $now), exit_code = COALESCE($code, exit_code),
                  signal = COALESCE($sig, signal), outcome = $o, detail = $d, run_ms = COALESCE($ms, run_ms),
                  ended_mono_ms = CASE WHEN ended_at IS NULL THEN $mono ELSE ended_mono_ms END,
                  agent_session_id = COALESCE($s, agent_session_id), answered = MAX(answered, $answered)
                WHERE id = $id
                """, ("$now", Now()), ("$code", c.Exit?.Code), ("$sig", c.Exit?.Signal), ("$o", c.Outcome?.Text()), ("$d", c.Detail),
                ("$ms", c.RunTime is { } t ? (long)t.TotalMilliseconds : null), ("$mono", c.EndedMonotonicMs), ("$s", c.SessionId),
                ("$answered", c.Answered), ("$id", attemptId));
        if (c.AttemptId is { } spent && c.Usage is { } usage) SetAttemptUsage(spent, usage);
        if (c.SessionId is not null)
            _c.Execute("UPDATE tasks SET agent_session_id = $s WHERE id = $id", ("$s", c.SessionId), ("$id", c.TaskId));
        if (c.HandoffReason is not null)
            _c.Execute("UPDATE tasks SET handoff_reason = $r WHERE id = $id", ("$r", c.HandoffReason), ("$id", c.TaskId));
        if (c.Check is { } check) InsertCheck(check);
        var changed = _c.Execute($"""
            UPDATE tasks SET state = $state, reason = $reason, next_attempt_at = $next, updated_at = $now,
              budget_from = COALESCE($budget, budget_from),
              resume_prompt = CASE WHEN $prompt IS NULL THEN resume_prompt WHEN $prompt = '' THEN NULL ELSE $prompt END
            WHERE id = $id AND state IN ({States(TaskStates.NotFinal)})
            """, ("$state", c.Next.Text()), ("$reason", c.Reason), ("$next", Sql.Iso(c.NextAttemptAt)), ("$now", Now()),
            ("$budget", c.BudgetFrom), ("$prompt", c.ResumePrompt), ("$id", c.TaskId)) == 1;
        if (changed && c.Next.IsFinal() && c.Notify) EnqueueFinalNotifications(c.TaskId, c.Next, c.Reason);
        // A usage limit that keeps the task waiting long: a person may want to switch account or agent.
        if (changed && c.Outcome == AttemptOutcome.UsageLimited && c.NextAttemptAt is { } until
            && until - _clock.GetUtcNow() > Notify.NotificationKinds.LongWait)
            EnqueueNotifications(c.TaskId, Notify.NotificationKinds.WaitingState, c.Reason);
        // The agent's own turn failed (not a check after a good turn, not the move to checking).
        if (changed && !c.Next.IsFinal() && c.Check is null && c.AttemptId is { } a && c.Outcome.TurnFailed())
            GiveBackFollowUp(a);
        return changed;
    }

    /// <summary>The one way a stop (or removal) the owner accepted ends while nothing of the task runs any more — a
    /// command or recovery carrying it out, a runner that finds it accepted, a takeover: in the caller's transaction.</summary>
    private void FinishStopInTx(long taskId, string? how)
    {
        var task = GetTask(taskId);
        if (task is null || task.IsFinal || task.StopRequest == StopRequest.None) return;
        var open = LastAttempt(taskId) is { } last && (last.EndedAt is null || last.Outcome is null) ? last : null;
        ConcludeInTx(Runner.AttemptDecisions.Stopped(task, open, how));
    }

    /// <summary>Finishes an accepted stop when nothing runs (see <see cref="FinishStopInTx"/>).</summary>
    public void FinishStop(long taskId) => _c.InTransaction(() => FinishStopInTx(taskId, null));

    /// <summary>Only a turn that succeeded, or an answer seen, proves the agent took the follow-up it carried (an agent
    /// killed as it read its prompt never saw it): otherwise the follow-up goes to the next resume again, before any
    /// newer one.</summary>
    private void GiveBackFollowUp(long attemptId)
    {
        var row = _c.Query("SELECT task_id, follow_up FROM attempts WHERE id = $id AND follow_up IS NOT NULL AND answered = 0",
            r => (Task: r.GetInt64(0), FollowUp: r.GetString(1)), ("$id", attemptId)).FirstOrDefault();
        if (row.FollowUp is null) return;
        _c.Execute($"""
            UPDATE tasks SET resume_prompt = CASE WHEN resume_prompt IS NULL THEN $f ELSE $f || char(10, 10) || resume_prompt END
            WHERE id = $t AND state IN ({States(TaskStates.NotFinal)})
            """, ("$f", row.FollowUp), ("$t", row.Task));
        _c.Execute("UPDATE attempts SET follow_up = NULL WHERE id = $id", ("$id", attemptId));
    }

    /// <summary>Records a takeover in one transaction: an attempt whose runner vanished before it stored the end is
    /// lost, with why — unless a stop (or removal) had been accepted: then the task is stopped, as its runner would
    /// have done.</summary>
    public void EndLostAttempt(long taskId, long attemptId, string why) => _c.InTransaction(() =>
    {
        if (GetTask(taskId) is { IsFinal: false, StopRequest: not StopRequest.None })
        {
            FinishStopInTx(taskId, $"its runner was lost ({why})");
            return;
        }
        if (_c.Execute("UPDATE attempts SET ended_at = $now, outcome = 'lost', detail = $d WHERE id = $id AND ended_at IS NULL",
                ("$now", Now()), ("$d", why), ("$id", attemptId)) == 1)
            GiveBackFollowUp(attemptId);
    });

    public List<AttemptRecord> ListAttempts(long taskId) =>
        _c.Query("SELECT * FROM attempts WHERE task_id = $id ORDER BY number", ReadAttempt, ("$id", taskId));

    /// <summary>For each task, how many attempts it had and how its last ended one exited: one query over integer columns
    /// (list never reads attempts one task at a time, nor their argv).</summary>
    public Dictionary<long, AttemptSummary> AttemptSummaries()
    {
        var all = new Dictionary<long, AttemptSummary>();
        foreach (var (task, code, signal, ended, handoff, usage) in _c.Query(
                     """
                     SELECT task_id, exit_code, signal, ended_at IS NOT NULL, kind = 'handoff', input_tokens, cached_input_tokens, output_tokens, cost_usd
                     FROM attempts ORDER BY task_id, number
                     """,
                     r => (r.GetInt64(0), r.IsDBNull(1) ? (int?)null : r.GetInt32(1), r.IsDBNull(2) ? (int?)null : r.GetInt32(2), r.GetInt64(3) == 1,
                         r.GetInt64(4) == 1, UsageOf(AttemptColumns.Of(r)))))
        {
            var s = all.GetValueOrDefault(task) ?? new AttemptSummary(0, false, null, null);
            var h = s.Handoffs + (handoff ? 1 : 0);
            var spent = Spend.Usage.Sum(s.Usage, usage);
            all[task] = (ended ? new AttemptSummary(s.Count + 1, true, code, signal, h) : s with { Count = s.Count + 1, Handoffs = h }) with { Usage = spent };
        }
        return all;
    }

    /// <summary>Every attempt of every task in one query (for list: never one query per task).</summary>
    public Dictionary<long, List<AttemptRecord>> AttemptsByTask()
    {
        var all = new Dictionary<long, List<AttemptRecord>>();
        foreach (var a in _c.Query("SELECT * FROM attempts ORDER BY task_id, number", ReadAttempt))
        {
            if (!all.TryGetValue(a.TaskId, out var list)) all[a.TaskId] = list = [];
            list.Add(a);
        }
        return all;
    }

    public AttemptRecord? LastAttempt(long taskId) =>
        _c.Query("SELECT * FROM attempts WHERE task_id = $id ORDER BY number DESC LIMIT 1", ReadAttempt, ("$id", taskId)).FirstOrDefault();

    private static readonly Sql.Columns AttemptColumns = new();

    private static AttemptRecord ReadAttempt(SqliteDataReader reader) => ReadAttempt(AttemptColumns.Of(reader));

    private static AttemptRecord ReadAttempt(Sql.Row r) => new()
    {
        Id = r.Long("id")!.Value,
        TaskId = r.Long("task_id")!.Value,
        Number = r.Int("number")!.Value,
        Kind = r.Text("kind")!,
        AgentSessionId = r.Text("agent_session_id"),
        StartedAt = r.Time("started_at")!.Value,
        EndedAt = r.Time("ended_at"),
        ExitCode = r.Int("exit_code"),
        Signal = r.Int("signal"),
        Outcome = AttemptOutcomes.Parse(r.Text("outcome")),
        Detail = r.Text("detail"),
        Pid = r.Int("pid"),
        PidStartTicks = r.Long("pid_start_ticks"),
        BootId = r.Text("boot_id"),
        Argv = FromJson(r.Text("argv")),
        RunTime = r.Long("run_ms") is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        EndedMonotonicMs = r.Long("ended_mono_ms"),
        Answered = r.Long("answered") == 1,
        Prompt = r.Text("prompt"),
        Usage = UsageOf(r),
    };

    private static Spend.Usage? UsageOf(Sql.Row r)
    {
        var usage = new Spend.Usage(r.Long("input_tokens"), r.Long("cached_input_tokens"), r.Long("output_tokens"),
            r.Text("cost_usd") is { } c && decimal.TryParse(c, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null);
        return usage.IsEmpty ? null : usage;
    }
}
