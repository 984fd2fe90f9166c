using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Supervisor;
using Shepherd.Tmux;

namespace Shepherd.Cli;

/// <summary>The real implementations every command is wired to, created on first use.</summary>
public sealed class CliContext : IDisposable
{
    private TaskStore? _store;

    public TimeProvider Clock { get; } = TimeProvider.System;
    public ShepherdHome Home { get; } = ShepherdHome.FromEnvironment();
    public TaskStore Store => _store ??= OpenStore();
    public ICommandRunner Commands { get; } = new ProcessCommandRunner();
    public TmuxClient Tmux => field ??= TmuxClient.FromEnvironment(Commands);
    public RunnerLauncher Launcher => new(Home, Tmux, RunnerLauncher.SelfCommand(), Store) { Slurm = Slurm };
    public SlurmClient Slurm => new(Home, Commands, RunnerLauncher.SelfCommand());
    public TaskOwner Owner => new(Home, Store, Clock);
    public IntentClient Intents => new(Home, Store, Owner, Clock);
    public LaunchGuard Launches => new(Home, Store, Launcher, Clock);
    internal Worktrees.TaskWorktrees Worktrees => new(new Worktrees.Git(Commands));

    private TaskStore OpenStore()
    {
        try { return TaskStore.Open(Home, Clock); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw StateDirectoryProblem.From(Home, e); }
    }

    public void Dispose() => _store?.Dispose();
}
