using System.Text;
using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Store;
using Shepherd.Tasks;
using Shepherd.Tests.Support;

namespace Shepherd.Tests.Runner;

/// <summary>A runner in this process, on a real store in a temporary home, running the real fake agent: for what a
/// seam must decide (a launcher that fails, a clock that jumps). Its pane is a memory stream.</summary>
public sealed class RunnerWorld : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-runner-").FullName;

    public RunnerWorld(TimeProvider? clock = null)
    {
        Clock = clock ?? TimeProvider.System;
        Home = new ShepherdHome(Path.Combine(_dir, "home"));
        Store = TaskStore.Open(Home, Clock);
        Project = Directory.CreateDirectory(Path.Combine(_dir, "project")).FullName;
    }

    public TimeProvider Clock { get; }
    public ShepherdHome Home { get; }
    public TaskStore Store { get; }
    public string Project { get; }
    public MemoryStream Pane { get; } = new();
    public string FakeState => Path.Combine(_dir, "fake");

    public TaskRecord NewTask(string name, string plan, RestartPolicy policy)
    {
        var task = Store.InsertTask(new TaskRecord { Name = name, Agent = "codex", ProjectDir = Project, TmuxSession = $"codex-{name}", Policy = policy });
        ShepherdHome.CreatePrivateDir(Home.TaskDir(name));
        ShepherdHome.WritePrivateFile(Home.PromptFile(name), Encoding.UTF8.GetBytes($"task {name}"));
        var env = TaskEnvironment.Current();
        env["SHEPHERD_CODEX_BIN"] = Repo.FakeAgentBin;
        env["FAKE_AGENT_PLAN"] = plan;
        env["FAKE_AGENT_STATE"] = FakeState;
        env["DOTNET_EnableDiagnostics"] = "0";
        TaskEnvironment.Save(Home.EnvFile(name), env);
        return task;
    }

    public Task<int> RunAsync(TaskRecord task, IProcessLauncher? launcher = null) =>
        new TaskRunner(Home, Store, launcher ?? new PosixProcessLauncher(), new ProcessCommandRunner(), Clock,
            new RunnerOptions { KillGrace = TimeSpan.FromMilliseconds(500) }, Pane, (_, _) => Task.CompletedTask).RunAsync(task.Id);

    public void Dispose()
    {
        Store.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>System time whose wall clock can jump while the monotonic clock runs on, as when NTP or a user sets the time.</summary>
public sealed class JumpingClock : TimeProvider
{
    private long _offsetTicks;

    public void Jump(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
    public override long GetTimestamp() => System.GetTimestamp();
    public override long TimestampFrequency => System.TimestampFrequency;
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);
}

/// <summary>A launcher whose first <c>failures</c> spawns fail as a loaded machine's do (EAGAIN).</summary>
public sealed class FlakyLauncher(int failures) : IProcessLauncher
{
    private int _calls;

    public IChildProcess Start(LaunchSpec spec) => Interlocked.Increment(ref _calls) <= failures
        ? throw new SpawnException(SpawnException.EAGAIN, $"cannot start {spec.Executable}: Resource temporarily unavailable")
        : new PosixProcessLauncher().Start(spec);
}
