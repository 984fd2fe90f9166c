using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;
using Shepherd.Tmux;

namespace Shepherd.Supervisor;

/// <summary>Puts a runner in the task's tmux session: a new session when there is none; the runner's own pane
/// respawned when it is dead; otherwise a new window. A pane that is not the runner's dead pane (a shell the user
/// split into the session) is never touched. Never when a runner holds the task's lock.</summary>
public sealed class RunnerLauncher(ShepherdHome home, TmuxClient tmux, IReadOnlyList<string> selfCommand)
{
    public IReadOnlyList<string> RunnerCommand(TaskRecord task) => [.. selfCommand, "__run", "--home", home.Root, task.Id.ToString()];

    public bool RunnerAlive(TaskRecord task) => FileLock.IsHeld(home.RunnerLock(task.Name));

    /// <summary>Starts a runner for <paramref name="task"/>; returns what was done, or throws when tmux's answer was
    /// unclear (the caller looks again later).</summary>
    public string EnsureRunner(TaskRecord task)
    {
        if (RunnerAlive(task)) return "runner alive";
        var (probe, panes) = tmux.ListPanes(task.TmuxSession);
        switch (probe)
        {
            case Probe.Alive:
                // The runner's recorded pane; a task from before panes were recorded: the session's only pane.
                var own = task.RunnerPane is { } id ? panes.FirstOrDefault(p => p.PaneId == id) : panes.Count == 1 ? panes[0] : null;
                if (own is { Dead: true })
                {
                    tmux.RespawnPane(own.PaneId, task.ProjectDir, RunnerCommand(task));
                    return $"runner respawned in pane {own.PaneId}";
                }
                var pane = tmux.NewWindow(task.TmuxSession, task.ProjectDir, RunnerCommand(task));
                return $"runner started in a new window of {task.TmuxSession} (pane {pane})";
            case Probe.Gone:
                tmux.NewSession(task.TmuxSession, task.ProjectDir, RunnerCommand(task));
                return $"tmux session {task.TmuxSession} recreated";
            default:
                throw new TmuxException($"tmux did not answer about session {task.TmuxSession}");
        }
    }

    /// <summary>How to run this very program again: the AOT binary, or dotnet plus the dll under the JIT.</summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find my own executable");
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet")
            return [exe, Path.Combine(AppContext.BaseDirectory, "shepherd.dll")];
        return [exe];
    }
}
