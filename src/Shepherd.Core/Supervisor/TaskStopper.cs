using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Supervisor;

/// <summary>A deliberate stop: the intent is stored first, then the agent's process group gets SIGINT,
/// SIGTERM, SIGKILL a few seconds apart, so the exit is never mistaken for a crash.</summary>
public sealed class TaskStopper(ShepherdHome home, TaskStore store, TimeProvider clock)
{
    private static readonly string[] NotFinal = [TaskState.Starting, TaskState.Running, TaskState.Backoff];
    public TimeSpan Step { get; init; } = TimeSpan.FromSeconds(2);

    /// <returns>The state the task ends in.</returns>
    public string Stop(TaskRecord task)
    {
        var before = store.RequestStop(task.Id);
        if (TaskState.IsFinal(before)) return before;
        if (LiveAgentGroup(task.Id) is { } pgid) AgentGroup.End(pgid, [Signals.SIGINT, Signals.SIGTERM, Signals.SIGKILL], Step, clock);
        var runnerLock = home.RunnerLock(task.Name);
        // A live runner records the stop itself; give it a moment, then record it ourselves.
        WaitUntil(() => store.GetTask(task.Id) is not { } t || t.IsFinal || !FileLock.IsHeld(runnerLock), Step * 2);
        store.TryFinish(task.Id, NotFinal, TaskState.Stopped, "stopped by user");
        var last = store.LastAttempt(task.Id);
        if (last is { EndedAt: null } && !FileLock.IsHeld(runnerLock)) store.EndAttempt(last.Id, null, "stopped", "stopped by user");
        return store.GetTask(task.Id)?.State ?? TaskState.Stopped;
    }

    /// <summary>The process group of the attempt in progress, if that process is really still the one started.</summary>
    public int? LiveAgentGroup(long taskId) => AgentGroup.Live(store.LastAttempt(taskId));

    private bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var until = clock.GetUtcNow() + timeout;
        while (!condition())
        {
            if (clock.GetUtcNow() >= until) return false;
            Thread.Sleep(50);
        }
        return true;
    }
}
