using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;
using Shouldly;

namespace Shepherd.Chaos.Specs;

/// <summary>Found by the scenario "store: disk full": on a full disk SQLite fails a write with SQLITE_FULL and rolls
/// the transaction back itself; Sql.InTransaction (src/Shepherd.Core/Store/Sql.cs:51) then runs ROLLBACK, which throws
/// "cannot rollback - no transaction is active" and hides the real error. Every command that writes (start, stop, rm…)
/// says that instead of "database or disk is full", and a start can leave its row behind. Fixed: Sql.InTransaction rolls back only while SQLite still has the transaction open (sqlite3_get_autocommit), so the real error (disk full) is what the user reads.</summary>
public sealed class FullDiskStartSpecs
{
    [Fact(Timeout = 120_000)]
    public async Task A_start_on_a_full_disk_says_the_disk_is_full_and_leaves_no_task()
    {
        Assert.SkipUnless(SmallDisk.CanMount, "needs root to mount a tmpfs");
        SmallDisk? disk = null;
        try
        {
            await using var w = new World("full-start", dir => Path.Combine(dir, "small", "home"));
            disk = await SmallDisk.MountAsync(w, Path.Combine(w.Dir, "small"), 4);
            await w.StartAsync("first", "ok");
            await w.WaitFinalAsync("first");
            disk.Fill();
            var r = await w.ShepherdWith(w.AgentEnv("second", "ok"), null, w.StartArgs("second"));
            await w.Tmux("kill-server");
            r.ExitCode.ShouldBe(1, r.ToString());
            r.Stderr.ShouldNotContain("cannot rollback");
            r.Stderr.ShouldContain("full");
            disk.Free(); // reading the database needs room too (its -shm file): what the start left is what is checked
            w.TaskId("second").ShouldBeNull();
            Directory.Exists(w.TaskDir("second")).ShouldBeFalse();
        }
        finally { disk?.Dispose(); }
    }
}
