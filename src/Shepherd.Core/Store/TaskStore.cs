using System.Text.Json;
using Microsoft.Data.Sqlite;
using Shepherd.Tasks;

namespace Shepherd.Store;

/// <summary>The only shared truth. Every state change is one transaction that checks the state it
/// starts from, so two processes can never both act on one task.</summary>
public sealed partial class TaskStore : IDisposable
{
    private readonly SqliteConnection _c;
    private readonly TimeProvider _clock;

    private TaskStore(SqliteConnection c, TimeProvider clock)
    {
        _c = c;
        _clock = clock;
    }

    public static TaskStore Open(ShepherdHome home, TimeProvider? clock = null)
    {
        home.EnsureCreated();
        if (!File.Exists(home.Database))
        {
            try { using (new FileStream(home.Database, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ShepherdHome.PrivateFileMode })) { } }
            catch (IOException) when (File.Exists(home.Database)) { /* another process created it first */ }
        }
        var c = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = home.Database, Pooling = false, DefaultTimeout = 30,
        }.ToString());
        try
        {
            c.Open();
            c.Execute("PRAGMA busy_timeout = 10000");
            if (c.Scalar<string>("PRAGMA journal_mode") != "wal") c.Scalar<string>("PRAGMA journal_mode = WAL");
            c.Execute("PRAGMA foreign_keys = ON");
            c.Execute("PRAGMA synchronous = NORMAL");
            Migrations.Apply(c);
        }
        catch (SqliteException e)
        {
            c.Dispose();
            throw new OperationFailedException($"cannot open the database {home.Database}: {e.Message}");
        }
        return new TaskStore(c, clock ?? TimeProvider.System);
    }

    private string Now() => Sql.Iso(_clock.GetUtcNow())!;

    private static string Json(IReadOnlyList<string> items) => JsonSerializer.Serialize(items.ToArray(), StoreJson.Default.StringArray);

    private static string[] FromJson(string? json) =>
        string.IsNullOrEmpty(json) || json == "[]" ? [] : JsonSerializer.Deserialize(json, StoreJson.Default.StringArray) ?? [];

    public void Dispose() => _c.Dispose();
}
