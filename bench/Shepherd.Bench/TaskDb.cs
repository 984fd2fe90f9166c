using Microsoft.Data.Sqlite;

namespace Shepherd.Bench;

/// <summary>Shepherd's database, read and written through plain SQL (not Shepherd's code): task ids, and
/// copies of real finished tasks with all their real attempt rows, to grow a store to 1000 tasks quickly.</summary>
internal static class TaskDb
{
    private static SqliteConnection Open(string home)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(home, "shepherd.db"), Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30,
        }.ToString());
        c.Open();
        using var busy = c.CreateCommand();
        busy.CommandText = "PRAGMA busy_timeout = 10000";
        busy.ExecuteNonQuery();
        return c;
    }

    public static long Id(string home, string name)
    {
        using var c = Open(home);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id FROM tasks WHERE name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        return cmd.ExecuteScalar() is long id ? id : throw new InvalidOperationException($"no task named {name} in the database");
    }

    /// <summary>Copies the tasks named <paramref name="sources"/> round-robin into <paramref name="count"/> new tasks
    /// named <c>{prefix}{i}</c> (tmux session <c>codex-{prefix}{i}</c>), each with copies of all its source's attempt
    /// rows. Every column is copied as it is, whatever the schema, except the row ids and the names.</summary>
    public static List<string> CopyTasks(string home, IReadOnlyList<string> sources, int count, string prefix)
    {
        using var c = Open(home);
        var taskCols = Columns(c, "tasks").Where(col => col is not ("id" or "name" or "tmux_session")).ToList();
        var attemptCols = Columns(c, "attempts").Where(col => col is not ("id" or "task_id")).ToList();
        var names = new List<string>();
        using var tx = c.BeginTransaction();
        for (var i = 0; i < count; i++)
        {
            var name = $"{prefix}{i}";
            using var insert = c.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = $"""
                INSERT INTO tasks(name, tmux_session, {string.Join(", ", taskCols)})
                SELECT $name, $session, {string.Join(", ", taskCols)} FROM tasks WHERE name = $source;
                INSERT INTO attempts(task_id, {string.Join(", ", attemptCols)})
                SELECT last_insert_rowid(), {string.Join(", ", attemptCols)} FROM attempts
                WHERE task_id = (SELECT id FROM tasks WHERE name = $source);
                """;
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$session", $"codex-{name}");
            insert.Parameters.AddWithValue("$source", sources[i % sources.Count]);
            insert.ExecuteNonQuery();
            names.Add(name);
        }
        tx.Commit();
        return names;
    }

    public static long Count(string home, string sql)
    {
        using var c = Open(home);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    private static List<string> Columns(SqliteConnection c, string table)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"PRAGMA table_info({table})";
        using var r = cmd.ExecuteReader();
        var cols = new List<string>();
        while (r.Read()) cols.Add(r.GetString(1));
        return cols;
    }
}
