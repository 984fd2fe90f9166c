using Microsoft.Data.Sqlite;
using Shepherd.Store;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>Sql.InTransaction when SQLite ends the transaction itself (SQLITE_FULL, here made by max_page_count): the
/// caller sees the real error, not "cannot rollback - no transaction is active", and nothing of the work is kept.</summary>
public sealed class TransactionSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-tx-").FullName;

    [Fact(Timeout = 30_000)]
    public void A_full_database_reports_itself_full_and_keeps_nothing_of_the_transaction()
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(_dir, "t.db")}");
        c.Open();
        c.Execute("CREATE TABLE t(x BLOB)");
        var pages = c.Scalar<long>("PRAGMA page_count");
        c.Execute($"PRAGMA max_page_count = {pages + 2}");
        var e = Should.Throw<SqliteException>(() => c.InTransaction(() =>
        {
            c.Execute("INSERT INTO t VALUES (1)");
            for (var i = 0; i < 20; i++) c.Execute("INSERT INTO t VALUES (zeroblob(4096))");
        }));
        e.SqliteErrorCode.ShouldBe(13); // SQLITE_FULL
        e.Message.ShouldNotContain("cannot rollback");
        c.Scalar<long>("SELECT count(*) FROM t").ShouldBe(0);
        c.InTransaction(() => c.Execute("INSERT INTO t VALUES (2)")); // the connection is usable again
        c.Scalar<long>("SELECT count(*) FROM t").ShouldBe(1);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
