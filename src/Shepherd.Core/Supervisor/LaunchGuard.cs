using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;
using Shepherd.Tmux;

namespace Shepherd.Supervisor;

/// <summary>Launches a runner for a task under its launch lock (<see cref="ShepherdHome.LaunchLock"/>), for commands
/// that reopened or ended a task themselves: several of them racing, recovery, or an rm never see a half-made launch.
/// A launch that tmux cannot carry out now (its server dying, say) is left to the daemon: the task is recorded already.</summary>
public sealed class LaunchGuard(ShepherdHome home, TaskStore store, RunnerLauncher launcher, TimeProvider clock)
{
    /// <summary>How long a launched runner may take to register before another launch is tried.</summary>
    public static readonly TimeSpan OnItsWay = TimeSpan.FromSeconds(5);

    /// <summary>Takes the task's launch lock without waiting; null when someone holds it or the task's directory is gone.</summary>
    public static FileLock? TryTake(ShepherdHome home, string name) => FileLock.TryAcquireUnlessGone(home.LaunchLock(name));

    /// <summary>Waits up to <paramref name="wait"/> for the task's launch lock.</summary>
    public static FileLock? Take(ShepherdHome home, string name, TimeSpan wait, TimeProvider clock)
    {
        var until = clock.GetUtcNow() + wait;
        while (true)
        {
            if (TryTake(home, name) is { } held) return held;
            if (clock.GetUtcNow() >= until || !Directory.Exists(home.TaskDir(name))) return null;
            Thread.Sleep(20);
        }
    }

    /// <summary>Starts the task's runner unless one is alive or on its way; says what was done.</summary>
    public string Launch(long taskId)
    {
        var task = store.GetTask(taskId);
        if (task is null) return "removed meanwhile";
        using var launching = Take(home, task.Name, TimeSpan.FromSeconds(10), clock);
        task = store.GetTask(taskId);
        if (task is null) return "removed meanwhile";
        if (launching is null) return "another command is starting its runner";
        if (launcher.RunnerAlive(task)) return "runner alive";
        // A runner launched moments ago that has not registered yet: wait for it rather than launch a second one; if it
        // never takes the lock (it died at once, or gave up waiting for it), launch again.
        while (task.RunnerLaunchedAt is { } at && clock.GetUtcNow() - at < OnItsWay && !(task.RunnerRegisteredAt >= at))
        {
            Thread.Sleep(50);
            task = store.GetTask(taskId);
            if (task is null) return "removed meanwhile";
            if (task.IsFinal) return $"now {task.State.Text()}";
            if (launcher.RunnerAlive(task)) return "runner alive";
        }
        if (launcher.RunnerAlive(task)) return "runner alive";
        store.MarkRunnerLaunched(task.Id, clock.GetUtcNow());
        for (var attempt = 1; ; attempt++)
        {
            try { return launcher.EnsureRunner(task); }
            catch (TmuxException) when (attempt < 3) { Thread.Sleep(200 * attempt); }
            catch (TmuxException e)
            {
                store.MarkRunnerLaunched(task.Id, task.RunnerLaunchedAt); // nothing launched: recovery need not pause
                home.PokeDaemon();
                return $"its runner will be started by the daemon or `shepherd recover` ({e.Message})";
            }
        }
    }
}
