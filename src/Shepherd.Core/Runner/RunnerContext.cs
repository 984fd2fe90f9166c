using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Supervisor;

namespace Shepherd.Runner;

/// <summary>What the runner's parts share: the store (used by the runner's loop only), the seams to the outside
/// world, the event queue and the task's output.</summary>
public sealed record RunnerContext(
    ShepherdHome Home, TaskStore Store, TimeProvider Clock, RunnerOptions Options, IProcessLauncher Launcher,
    ICommandRunner Commands, RunnerInbox Inbox, TaskOutput Output, TaskOwner Owner, string BootId)
{
    /// <summary>Delivers due notifications of one task; runs off the loop's thread with a store of its own.</summary>
    public required Func<long, CancellationToken, Task> DeliverNotifications { get; init; }

    /// <summary>A foreground run's lease on the task (null for a runner in tmux).</summary>
    public LeaseKeeper? Lease { get; init; }

    /// <summary>Another run took the task over: nothing more is written for it here.</summary>
    public bool Fenced => Lease is { Lost: true };
}
