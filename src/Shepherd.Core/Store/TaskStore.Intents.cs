using Microsoft.Data.Sqlite;
using Shepherd.Tasks;

namespace Shepherd.Store;

/// <summary>Intents: commands write them; the holder of the task's lock carries each out in one transaction
/// together with the state change it causes, and writes the result the command is waiting for.</summary>
public sealed partial class TaskStore
{
    /// <summary>The new intent's id, or null when the task is gone (an rm deleted it since the command read it).</summary>
    public long? AddIntent(long taskId, IntentKind kind, string? prompt) => _c.InTransaction(() =>
    {
        var added = _c.Execute("""
            INSERT INTO intents(task_id, kind, prompt, created_at)
            SELECT $t, $k, $p, $now WHERE EXISTS (SELECT 1 FROM tasks WHERE id = $t)
            """, ("$t", taskId), ("$k", Intent.Text(kind)), ("$p", prompt), ("$now", Now()));
        return added == 1 ? _c.Scalar<long>("SELECT last_insert_rowid()") : (long?)null;
    });

    public List<Intent> PendingIntents(long taskId) =>
        _c.Query("SELECT * FROM intents WHERE task_id = $t AND done_at IS NULL ORDER BY id", ReadIntent, ("$t", taskId));

    /// <summary>Every follow-up given with <c>resume --prompt</c>, in order (for a handoff prompt).</summary>
    public List<Intent> FollowUps(long taskId) =>
        _c.Query("SELECT * FROM intents WHERE task_id = $t AND kind = 'resume' AND prompt IS NOT NULL ORDER BY id", ReadIntent, ("$t", taskId));

    public Intent? GetIntent(long id) => _c.Query("SELECT * FROM intents WHERE id = $id", ReadIntent, ("$id", id)).FirstOrDefault();

    /// <summary>Carries out a stop (or the stop part of a removal): accepts it, and with nothing running finishes it
    /// in the same transaction (<see cref="FinishStopInTx"/>); with the agent (or its check) running, the owner then
    /// ends it and its end is concluded as the user's.</summary>
    public string ApplyStop(Intent intent, bool agentRunning) => _c.InTransaction(() =>
    {
        var remove = intent.Kind == IntentKind.Remove;
        var state = TaskStates.Parse(_c.Scalar<string>("SELECT state FROM tasks WHERE id = $id", ("$id", intent.TaskId))!);
        string result;
        if (state.IsFinal())
        {
            if (remove) _c.Execute("UPDATE tasks SET stop_requested = 2 WHERE id = $id", ("$id", intent.TaskId));
            result = $"already {state.Text()}";
        }
        else
        {
            _c.Execute("UPDATE tasks SET stop_requested = MAX(stop_requested, $k), updated_at = $now WHERE id = $id",
                ("$k", remove ? 2 : 1), ("$now", Now()), ("$id", intent.TaskId));
            if (!agentRunning) FinishStopInTx(intent.TaskId, null);
            result = agentRunning ? "stopping" : "stopped";
        }
        CompleteIntent(intent.Id, result);
        return result;
    });

    /// <summary>Carries out an explicit resume: a final task is reopened, a waiting one resumes now, and a running one
    /// gets the prompt queued for its next attempt. The runtime and restart budgets count anew from the next attempt.</summary>
    public string ApplyResume(Intent intent, bool agentRunning) => _c.InTransaction(() =>
    {
        var (state, stop) = _c.Query("SELECT state, stop_requested FROM tasks WHERE id = $id",
            r => (TaskStates.Parse(r.GetString(0)), (StopRequest)r.GetInt64(1)), ("$id", intent.TaskId)).Single();
        var next = (int)_c.Scalar<long>("SELECT COALESCE(MAX(number), 0) + 1 FROM attempts WHERE task_id = $id", ("$id", intent.TaskId));
        string result;
        if (stop == StopRequest.Remove) result = "the task is being removed";
        else if (state.IsFinal() || (stop == StopRequest.Stop && !agentRunning))
        {
            _c.Execute("""
                UPDATE tasks SET state = 'starting', reason = NULL, stop_requested = 0, resume_prompt = $p, next_attempt_at = NULL,
                  stalled_since = NULL, budget_from = $b, updated_at = $now
                WHERE id = $id
                """, ("$p", intent.Prompt), ("$b", next), ("$now", Now()), ("$id", intent.TaskId));
            result = "resuming";
        }
        else
        {
            // Follow-ups given during one turn are all kept, in order: the next resume gets them together.
            _c.Execute("""
                UPDATE tasks SET resume_prompt = CASE WHEN resume_prompt IS NULL THEN $p WHEN $p IS NULL THEN resume_prompt
                  ELSE resume_prompt || char(10, 10) || $p END, next_attempt_at = NULL, budget_from = $b, updated_at = $now
                WHERE id = $id
                """, ("$p", intent.Prompt), ("$b", next), ("$now", Now()), ("$id", intent.TaskId));
            result = agentRunning || state is TaskState.Running or TaskState.Checking ? "queued for after the current turn" : "resuming";
        }
        CompleteIntent(intent.Id, result);
        return result;
    });

    private void CompleteIntent(long id, string result) =>
        _c.Execute("UPDATE intents SET done_at = $now, result = $r WHERE id = $id AND done_at IS NULL", ("$now", Now()), ("$r", result), ("$id", id));

    private static Intent ReadIntent(SqliteDataReader r) => new(
        r.GetInt64(r.GetOrdinal("id")), r.GetInt64(r.GetOrdinal("task_id")), Intent.ParseKind(r.Text("kind")!), r.Text("prompt"),
        r.Time("created_at")!.Value, r.Time("done_at"), r.Text("result"));
}
