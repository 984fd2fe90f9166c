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
            // SQLite ends the transaction itself on some errors (SQLITE_FULL, SQLITE_IOERR): a ROLLBACK then fails
            // with "no transaction is active" and would hide the real error.
            if (SQLitePCL.raw.sqlite3_get_autocommit(c.Handle) == 0) c.Execute("ROLLBACK");
            throw;
        }
    }

    public static void InTransaction(this SqliteConnection c, Action work) => c.InTransaction(() => { work(); return 0; });

    public static string? Text(this SqliteDataReader r, string col) => r[col] is string s ? s : null;

    /// <summary>Column positions of a <c>SELECT *</c>, looked up once per process (the schema does not change under a
    /// running process): reading by name on every row was a third of <c>list</c>'s time.</summary>
    public sealed class Columns
    {
        private Dictionary<string, int>? _ordinals;

        public Row Of(SqliteDataReader r)
        {
            if (_ordinals is null || _ordinals.Count != r.FieldCount)
            {
                var map = new Dictionary<string, int>(r.FieldCount);
                for (var i = 0; i < r.FieldCount; i++) map[r.GetName(i)] = i;
                _ordinals = map;
            }
            return new Row(r, _ordinals);
        }
    }

    /// <summary>Typed access to one row by column name, through cached positions.</summary>
    public readonly struct Row(SqliteDataReader r, Dictionary<string, int> ordinals)
    {
        private int At(string col) => ordinals.TryGetValue(col, out var i) ? i : -1;
        public string? Text(string col) => At(col) is var i && i >= 0 && !r.IsDBNull(i) ? r.GetString(i) : null;
        public long? Long(string col) => At(col) is var i && i >= 0 && !r.IsDBNull(i) ? r.GetInt64(i) : null;
        public int? Int(string col) => At(col) is var i && i >= 0 && !r.IsDBNull(i) ? (int)r.GetInt64(i) : null;
        public DateTimeOffset? Time(string col) => Text(col) is { } s ? ParseTime(s) : null;
    }
    public static long? Long(this SqliteDataReader r, string col) => r[col] is long l ? l : null;
    public static int? Int(this SqliteDataReader r, string col) => r[col] is long l ? (int)l : null;

    public static DateTimeOffset? Time(this SqliteDataReader r, string col) => r[col] is string s ? ParseTime(s) : null;

    /// <summary>Times are stored as round-trip ("O") text; parsing that exact format is several times faster.</summary>
    public static DateTimeOffset ParseTime(string s) =>
        DateTimeOffset.TryParseExact(s, "O", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var t)
            ? t : DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    public static string? Iso(DateTimeOffset? t) => t?.ToUniversalTime().ToString("O");
}
