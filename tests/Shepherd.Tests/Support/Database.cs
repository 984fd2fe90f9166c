using Microsoft.Data.Sqlite;

namespace Shepherd.Tests.Support;

/// <summary>Direct access to a sandbox's SQLite database, for setting up states a crash leaves behind and for
/// checking the file is whole.</summary>
public static class Database
{
    public static int Execute(Sandbox s, string sql)
    {
        using var c = Open(s);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteNonQuery();
    }

    public static string IntegrityCheck(Sandbox s)
    {
        using var c = Open(s);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        return (string)cmd.ExecuteScalar()!;
    }

    private static SqliteConnection Open(Sandbox s)
    {
        var c = new SqliteConnection($"Data Source={Path.Combine(s.Env["SHEPHERD_HOME"]!, "shepherd.db")};Pooling=False;Default Timeout=30");
        c.Open();
        return c;
    }
}
