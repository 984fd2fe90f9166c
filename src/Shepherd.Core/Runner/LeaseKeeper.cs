using Microsoft.Data.Sqlite;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>A foreground run's lease on its task, renewed from the runner's loop every third of its time to live. Once
/// another run has taken it over, <see cref="Lost"/>: the runner ends its agent and writes nothing more.</summary>
public sealed class LeaseKeeper(TaskStore store, long taskId, RunLease me, TimeSpan ttl, TimeProvider clock)
{
    private long _renewedAt = clock.GetTimestamp();

    public RunLease Me => me;
    public bool Lost { get; private set; }

    public TimeSpan Due => ttl / 3 - clock.GetElapsedTime(_renewedAt) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    /// <summary>Renews the lease when it is due; false once it was taken over.</summary>
    public bool RenewIfDue()
    {
        if (Lost || Due > TimeSpan.Zero) return !Lost;
        try { Lost = !store.RenewLease(taskId, me, ttl); }
        catch (SqliteException) { /* the store is busy or full: try again at the next renewal, before the lease lapses */ }
        _renewedAt = clock.GetTimestamp();
        return !Lost;
    }

    public void Release()
    {
        if (Lost) return;
        try { store.ReleaseLease(taskId, me); }
        catch (SqliteException) { /* it lapses by itself */ }
    }
}
