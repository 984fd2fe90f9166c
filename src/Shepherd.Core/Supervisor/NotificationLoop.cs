using Shepherd.Notify;
using Shepherd.Store;

namespace Shepherd.Supervisor;

/// <summary>The daemon's delivery of notifications that runners left (their bounded tries ran out, or they died):
/// it sleeps until the next row is due or someone pokes it — never on a short timer — on a thread and a store
/// connection of its own, so a receiver that hangs never delays a recovery.</summary>
public sealed class NotificationLoop(TaskStore store, Outbox outbox, TimeProvider clock, Action<string> log)
{
    private readonly SemaphoreSlim _poke = new(0);

    /// <summary>Raised after each delivery pass, on the loop's thread: the outbox may have emptied.</summary>
    public event Action? Passed;

    public void Poke()
    {
        if (_poke.CurrentCount == 0) _poke.Release();
    }

    public Task RunAsync(CancellationToken stop) => Task.Factory.StartNew(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                foreach (var line in outbox.DeliverPending()) log(line);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log($"notifications failed: {e.GetType().Name}: {e.Message}");
            }
            Passed?.Invoke();
            var next = store.NextOutboxDue(Outbox.ClaimTimeout);
            var wait = next is { } at ? at - clock.GetUtcNow() : Timeout.InfiniteTimeSpan;
            if (next is not null && wait < TimeSpan.FromMilliseconds(50)) wait = TimeSpan.FromMilliseconds(50);
            if (wait > TimeSpan.FromDays(1)) wait = TimeSpan.FromDays(1);
            try { await _poke.WaitAsync(wait, stop); }
            catch (OperationCanceledException) { return; }
        }
    }, stop, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
}
