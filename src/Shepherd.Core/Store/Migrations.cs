using Microsoft.Data.Sqlite;

namespace Shepherd.Store;

/// <summary>Versioned schema: PRAGMA user_version is the number of migrations applied.</summary>
internal static class Migrations
{
    internal static readonly string[] Steps =
    [
        """
        CREATE TABLE tasks(
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          agent TEXT NOT NULL,
          project_dir TEXT NOT NULL,
          tmux_session TEXT NOT NULL,
          state TEXT NOT NULL,
          reason TEXT,
          agent_session_id TEXT,
          extra_args TEXT NOT NULL DEFAULT '',
          notify TEXT NOT NULL DEFAULT '',
          backoff_ms INTEGER NOT NULL, backoff_max_ms INTEGER NOT NULL, max_restarts INTEGER NOT NULL,
          window_ms INTEGER NOT NULL, healthy_ms INTEGER NOT NULL, max_runtime_ms INTEGER NOT NULL,
          stop_requested INTEGER NOT NULL DEFAULT 0,
          resume_prompt TEXT,
          next_attempt_at TEXT,
          runner_pid INTEGER, runner_start_ticks INTEGER, runner_boot_id TEXT,
          last_output_at TEXT, stalled_since TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL);
        CREATE TABLE attempts(
          id INTEGER PRIMARY KEY,
          task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
          number INTEGER NOT NULL,
          kind TEXT NOT NULL,
          agent_session_id TEXT,
          started_at TEXT NOT NULL, ended_at TEXT,
          exit_code INTEGER, signal INTEGER, outcome TEXT, detail TEXT,
          pid INTEGER, pid_start_ticks INTEGER, boot_id TEXT, argv TEXT NOT NULL DEFAULT '',
          UNIQUE(task_id, number));
        CREATE TABLE outbox(
          id INTEGER PRIMARY KEY,
          task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
          notification_id TEXT NOT NULL UNIQUE,
          notifier TEXT NOT NULL,
          task_name TEXT NOT NULL, agent TEXT NOT NULL, project_dir TEXT NOT NULL,
          state TEXT NOT NULL, reason TEXT,
          created_at TEXT NOT NULL,
          claimed_by TEXT, claimed_at TEXT,
          delivered_at TEXT,
          tries INTEGER NOT NULL DEFAULT 0, next_try_at TEXT, last_error TEXT);
        """,
        // 2: when recover last launched a runner, so a runner that dies at once is not relaunched in a tight loop.
        "ALTER TABLE tasks ADD COLUMN runner_launched_at TEXT;",
        // 3: the runner owns its task (intents), the success check, budgets from the last explicit start or resume,
        // monotonic run times, the runner's own pane, output errors. stop_requested now holds 0, 1 (stop) or 2 (remove).
        """
        ALTER TABLE tasks ADD COLUMN check_command TEXT;
        ALTER TABLE tasks ADD COLUMN check_timeout_ms INTEGER NOT NULL DEFAULT 600000;
        ALTER TABLE tasks ADD COLUMN budget_from INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE tasks ADD COLUMN runner_pane TEXT;
        ALTER TABLE tasks ADD COLUMN output_error TEXT;
        ALTER TABLE attempts ADD COLUMN run_ms INTEGER;
        CREATE TABLE intents(
          id INTEGER PRIMARY KEY,
          task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
          kind TEXT NOT NULL,
          prompt TEXT,
          created_at TEXT NOT NULL,
          done_at TEXT, result TEXT);
        CREATE INDEX intents_pending ON intents(task_id) WHERE done_at IS NULL;
        CREATE TABLE checks(
          id INTEGER PRIMARY KEY,
          task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
          attempt_number INTEGER NOT NULL,
          command TEXT NOT NULL,
          started_at TEXT NOT NULL, ended_at TEXT NOT NULL,
          exit_code INTEGER, signal INTEGER, timed_out INTEGER NOT NULL DEFAULT 0,
          output TEXT NOT NULL DEFAULT '');
        CREATE INDEX outbox_undelivered ON outbox(task_id) WHERE delivered_at IS NULL;
        """,
        // 4: a task started with --worktree: the repository its worktree came from and the worktree's branch.
        "ALTER TABLE tasks ADD COLUMN worktree_origin TEXT; ALTER TABLE tasks ADD COLUMN worktree_branch TEXT;",
        // 5: when the current runner registered, so a runner that ran a while and was then lost (tmux kill-server) is
        // relaunched at once, and only one that dies as soon as it starts waits out the relaunch pause.
        "ALTER TABLE tasks ADD COLUMN runner_registered_at TEXT;",
        // 6: the monotonic clock's reading at an attempt's end, so the restart budget's window is not refilled (nor
        // spent) by a wall-clock jump; compared only within the attempt's boot (attempts.boot_id).
        "ALTER TABLE attempts ADD COLUMN ended_mono_ms INTEGER;",
        // 7: the follow-up an attempt carried, given back to the next resume when that attempt does not succeed.
        "ALTER TABLE attempts ADD COLUMN follow_up TEXT;",
        // 8: the conversation survives. Per attempt: whether the agent answered the prompt it was given, and which prompt
        // that was (original, follow-up, continue, handoff:N). Per task: the handoffs allowed, why the next attempt must
        // be a fresh conversation (null: none pending), and the commit the task began from (for the handoff prompt).
        """
        ALTER TABLE attempts ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE attempts ADD COLUMN prompt TEXT;
        ALTER TABLE tasks ADD COLUMN max_handoffs INTEGER NOT NULL DEFAULT 2;
        ALTER TABLE tasks ADD COLUMN handoff_reason TEXT;
        ALTER TABLE tasks ADD COLUMN start_commit TEXT;
        """,
        // 9: spend and attention. Per attempt: the tokens and cost the agent reported (null: not reported; cost as decimal
        // text). Per task: its token and cost budgets and the notification kinds it wants ('' = all). Per notification: its kind.
        """
        ALTER TABLE attempts ADD COLUMN input_tokens INTEGER;
        ALTER TABLE attempts ADD COLUMN cached_input_tokens INTEGER;
        ALTER TABLE attempts ADD COLUMN output_tokens INTEGER;
        ALTER TABLE attempts ADD COLUMN cost_usd TEXT;
        ALTER TABLE tasks ADD COLUMN max_tokens INTEGER;
        ALTER TABLE tasks ADD COLUMN max_cost_usd TEXT;
        ALTER TABLE tasks ADD COLUMN notify_on TEXT NOT NULL DEFAULT '';
        ALTER TABLE outbox ADD COLUMN kind TEXT;
        """,
        // 10: beyond one machine. Which engine runs the task's runner (tmux, run: in the foreground, slurm), with the
        // engine's settings (JSON), its job and node; and the lease of the run that owns the task (its incarnation:
        // host, boot id, pid, start time) with the time it lapses unless renewed.
        """
        ALTER TABLE tasks ADD COLUMN engine TEXT NOT NULL DEFAULT 'tmux';
        ALTER TABLE tasks ADD COLUMN engine_settings TEXT;
        ALTER TABLE tasks ADD COLUMN engine_job TEXT;
        ALTER TABLE tasks ADD COLUMN engine_node TEXT;
        ALTER TABLE tasks ADD COLUMN lease_holder TEXT;
        ALTER TABLE tasks ADD COLUMN lease_until TEXT;
        """,
    ];

    public static void Apply(SqliteConnection c)
    {
        if (c.Scalar<long>("PRAGMA user_version") >= Steps.Length) return;
        c.InTransaction(() =>
        {
            var version = (int)c.Scalar<long>("PRAGMA user_version");
            for (var i = version; i < Steps.Length; i++) c.Execute(Steps[i]);
            c.Execute($"PRAGMA user_version = {Steps.Length}");
        });
    }
}
