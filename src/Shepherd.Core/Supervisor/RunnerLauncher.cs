using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;
using Shepherd.Tmux;

namespace Shepherd.Supervisor;

/// <summary>Puts a runner in the task's tmux session: a new session when there is none; the runner's own pane
/// respawned when it is dead; otherwise a new window. A pane that is not the runner's dead pane (a shell the user
/// split into the session) is never touched. Never when a runner holds the task's lock.</summary>
public sealed class RunnerLauncher(ShepherdHome home, TmuxClient tmux, IReadOnlyList<string> selfCommand, TaskStore? store = null)
{
    /// <summary>Submits the runner of a task that runs under Slurm (<see cref="TaskRecord.Engine"/>).</summary>
    public SlurmClient? Slurm { get; init; }

    public IReadOnlyList<string> RunnerCommand(TaskRecord task) => [.. selfCommand, "__run", "--home", home.Root, task.Id.ToString()];

    public bool RunnerAlive(TaskRecord task) => FileLock.IsHeld(home.RunnerLock(task.Name));

    /// <summary>Starts a runner for <paramref name="task"/>; returns what was done, or throws when tmux's answer was
    /// unclear (the caller looks again later).</summary>
    public string EnsureRunner(TaskRecord task)
    {
        if (RunnerAlive(task)) return "runner alive";
        if (task.Engine == Engines.Run) return $"it runs in the foreground: `shepherd run {task.Name}` goes on with it";
        if (task.Engine == Engines.Slurm)
        {
            var slurm = Slurm ?? throw new InvalidOperationException("no Slurm client");
            if (slurm.Active(task.EngineJob)) return $"Slurm job {task.EngineJob} is queued or running; it goes on with it";
            var job = slurm.Submit(task);
            store?.SetEngineJob(task.Id, job, null);
            return $"Slurm job {job} submitted";
        }
        var (probe, panes) = tmux.ListPanes(task.TmuxSession);
        switch (probe)
        {
            case Probe.Alive:
                var own = OwnPane(task, panes);
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

    /// <summary>Starts runners for many tasks with as few tmux calls as possible: one call to see every pane, then one
    /// call per 25 tasks that respawns, opens windows and creates sessions. Returns what was done per task name; a
    /// task whose batch failed is tried on its own (a session someone else created meanwhile, say).</summary>
    public Dictionary<string, string> EnsureRunners(IReadOnlyList<TaskRecord> tasks)
    {
        var done = new Dictionary<string, string>();
        foreach (var t in tasks.Where(t => t.Engine != Engines.Tmux)) done[t.Name] = EnsureRunner(t);
        var todo = tasks.Where(t => t.Engine == Engines.Tmux && !RunnerAlive(t)).ToList();
        foreach (var t in tasks.Where(t => t.Engine == Engines.Tmux).Except(todo)) done[t.Name] = "runner alive";
        if (todo.Count == 0) return done;
        var (probe, sessions) = tmux.ListAllPanes();
        if (probe == Probe.Unknown) throw new TmuxException("tmux did not answer to list-panes");
        foreach (var chunk in todo.Chunk(25))
        {
            var commands = new List<IReadOnlyList<string>>();
            var what = new Dictionary<string, string>();
            foreach (var task in chunk)
            {
                var panes = sessions.TryGetValue(task.TmuxSession, out var p) ? p : [];
                var own = OwnPane(task, panes);
                if (own is { Dead: true })
                {
                    commands.Add(["respawn-pane", "-t", own.PaneId, "-c", task.ProjectDir, "--", .. RunnerCommand(task)]);
                    what[task.Name] = $"runner respawned in pane {own.PaneId}";
                }
                else if (panes.Count > 0)
                {
                    commands.Add(["new-window", "-d", "-t", "=" + task.TmuxSession + ":", "-c", task.ProjectDir, "--", .. RunnerCommand(task)]);
                    commands.Add(["set-option", "-w", "-t", "=" + task.TmuxSession + ":", "remain-on-exit", "on"]);
                    what[task.Name] = $"runner started in a new window of {task.TmuxSession}";
                }
                else
                {
                    commands.AddRange(TmuxClient.NewSessionCommands(task.TmuxSession, task.ProjectDir, RunnerCommand(task)));
                    what[task.Name] = $"tmux session {task.TmuxSession} recreated";
                }
            }
            if (tmux.RunBatch(commands))
            {
                foreach (var (name, w) in what) done[name] = w;
                continue;
            }
            foreach (var task in chunk)
            {
                try { done[task.Name] = EnsureRunner(task); }
                catch (TmuxException e) { done[task.Name] = $"unknown ({e.Message}); will look again"; }
            }
        }
        return done;
    }

    /// <summary>The runner's recorded pane; a task from before panes were recorded: the session's only pane.</summary>
    private static PaneInfo? OwnPane(TaskRecord task, IReadOnlyList<PaneInfo> panes) =>
        task.RunnerPane is { } id ? panes.FirstOrDefault(p => p.PaneId == id) : panes.Count == 1 ? panes[0] : null;

    /// <summary>How to run this very program again: the AOT binary, or dotnet plus the dll under the JIT.</summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find my own executable");
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet")
            return [exe, Path.Combine(AppContext.BaseDirectory, "shepherd.dll")];
        return [exe];
    }
}
