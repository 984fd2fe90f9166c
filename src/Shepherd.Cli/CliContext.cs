using Shepherd.Agents;
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
    public TmuxClient Tmux { get; } = TmuxClient.FromEnvironment();
    public AgentRegistry Agents => new(Clock);
    public RunnerLauncher Launcher => new(Home, Tmux, RunnerLauncher.SelfCommand());
    public TaskStopper Stopper => new(Home, Store, Clock);

    private TaskStore OpenStore()
    {
        try { return TaskStore.Open(Home, Clock); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw StateDirectoryProblem.From(Home, e); }
    }

    public void Dispose() => _store?.Dispose();
}
