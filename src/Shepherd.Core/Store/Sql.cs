using Microsoft.Data.Sqlite;

namespace Shepherd.Store;

/// <summary>Small helpers over ADO.NET (Dapper's reflection does not survive NativeAOT trimming).</summary>
internal static class Sql
{
    public static SqliteCommand Command(this SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    public static int Execute(this SqliteConnection c, string sql, params (string, object?)[] args)
    {
        using var cmd = c.Command(sql, args);
        return cmd.ExecuteNonQuery();
    }

    public static T? Scalar<T>(this SqliteConnection c, string sql, params (string, object?)[] args)
    {
        using var cmd = c.Command(sql, args);
        var v = cmd.ExecuteScalar();
        return v is null or DBNull ? default : (T)Convert.ChangeType(v, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public static List<T> Query<T>(this SqliteConnection c, string sql, Func<SqliteDataReader, T> map, params (string, object?)[] args)
    {
        using var cmd = c.Command(sql, args);
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(map(r));
        return list;
    }

    /// <summary>Runs <paramref name="work"/> in a BEGIN IMMEDIATE transaction: the write lock is taken
    /// up front, so two processes never both read-then-write the same row.</summary>
    public static T InTransaction<T>(this SqliteConnection c, Func<T> work)
    {
        c.Execute("BEGIN IMMEDIATE");
        try
        {
            var result = work();
            c.Execute("COMMIT");
            return result;
        }
        catch
        {
            c.Execute("ROLLBACK");
            throw;
        }
    }

    public static void InTransaction(this SqliteConnection c, Action work) => c.InTransaction(() => { work(); return 0; });

    public static string? Text(this SqliteDataReader r, string col) => r[col] is string s ? s : null;
    public static long? Long(this SqliteDataReader r, string col) => r[col] is long l ? l : null;
    public static int? Int(this SqliteDataReader r, string col) => r[col] is long l ? (int)l : null;

    public static DateTimeOffset? Time(this SqliteDataReader r, string col) =>
        r[col] is string s ? DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null;

    public static string? Iso(DateTimeOffset? t) => t?.ToUniversalTime().ToString("O");
}
