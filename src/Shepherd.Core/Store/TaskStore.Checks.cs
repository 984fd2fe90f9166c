using Microsoft.Data.Sqlite;
using Shepherd.Tasks;

namespace Shepherd.Store;

public sealed partial class TaskStore
{
    public List<CheckRecord> ListChecks(long taskId) =>
        _c.Query("SELECT * FROM checks WHERE task_id = $t ORDER BY id", ReadCheck, ("$t", taskId));

    private void InsertCheck(CheckRecord c) =>
        _c.Execute("""
            INSERT INTO checks(task_id, attempt_number, command, started_at, ended_at, exit_code, signal, timed_out, output)
            VALUES($t, $n, $cmd, $s, $e, $code, $sig, $to, $out)
            """, ("$t", c.TaskId), ("$n", c.AttemptNumber), ("$cmd", c.Command), ("$s", Sql.Iso(c.StartedAt)), ("$e", Sql.Iso(c.EndedAt)),
            ("$code", c.ExitCode), ("$sig", c.Signal), ("$to", c.TimedOut ? 1 : 0), ("$out", c.Output));

    private static CheckRecord ReadCheck(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(r.GetOrdinal("id")),
        TaskId = r.GetInt64(r.GetOrdinal("task_id")),
        AttemptNumber = r.GetInt32(r.GetOrdinal("attempt_number")),
        Command = r.Text("command")!,
        StartedAt = r.Time("started_at")!.Value,
        EndedAt = r.Time("ended_at")!.Value,
        ExitCode = r.Int("exit_code"),
        Signal = r.Int("signal"),
        TimedOut = r.Long("timed_out") == 1,
        Output = r.Text("output") ?? "",
    };
}
