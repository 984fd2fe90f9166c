using Microsoft.Data.Sqlite;
using Shepherd.Store;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>An older database is migrated in place when any command opens it, and keeps its tasks.</summary>
public sealed class MigrationSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-migrate-").FullName;

    [Fact]
    public void A_version_1_database_is_migrated_in_place_and_keeps_its_tasks()
    {
        var home = new ShepherdHome(Path.Combine(_dir, "home"));
        home.EnsureCreated();
        using (var c = new SqliteConnection($"Data Source={home.Database};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = Migrations.Steps[0] +
                "PRAGMA user_version = 1;" +
                "INSERT INTO tasks(name, agent, project_dir, tmux_session, state, backoff_ms, backoff_max_ms, max_restarts," +
                " window_ms, healthy_ms, max_runtime_ms, created_at, updated_at)" +
                " VALUES('kept', 'codex', '/p', 'codex-kept', 'running', 2000, 300000, 10, 3600000, 600000, 18000000," +
                " '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z');";
            cmd.ExecuteNonQuery();
        }
        using var store = TaskStore.Open(home);
        var kept = store.GetTask("kept");
        kept.State.ShouldBe(TaskState.Running);
        kept.RunnerLaunchedAt.ShouldBeNull();
        store.MarkRunnerLaunched(kept.Id, DateTimeOffset.UtcNow);
        store.GetTask("kept").RunnerLaunchedAt.ShouldNotBeNull();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
