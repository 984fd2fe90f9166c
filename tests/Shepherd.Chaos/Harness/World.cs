using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Harness;

/// <summary>One run's private world: its own SHEPHERD_HOME, tmux socket (-L), boot id file and notification receiver,
/// TMUX unset, and a marker (CHAOS_RUN) in the environment of every process it starts — inherited by the tmux server,
/// the runners, the agents and the notifiers — so that everything of the run is found and killed by that marker and
/// by recorded pids, never by a program's name.</summary>
public sealed class World : IAsyncDisposable
{
    public const string MarkerVariable = "CHAOS_RUN";
    private readonly ConcurrentDictionary<int, Launched> _inFlight = new();
    private int _killEpoch;

    /// <param name="home">SHEPHERD_HOME when not the world's own (a small tmpfs, say): a function of the world's directory.</param>
    public World(string label, Func<string, string>? home = null)
    {
        Marker = $"{label}-{Guid.NewGuid().ToString("N")[..8]}";
        Dir = Directory.CreateTempSubdirectory($"shepherd-chaos-{Marker}-").FullName;
        Home = home?.Invoke(Dir) ?? Path.Combine(Dir, "home");
        Socket = $"chaos-{Marker}";
        BootIdFile = Path.Combine(Dir, "boot_id");
        File.WriteAllText(BootIdFile, Guid.NewGuid() + "\n");
        Projects = Directory.CreateDirectory(Path.Combine(Dir, "projects")).FullName;
        Notifications = new NotificationReceiver(Dir);
        Daemon = new DaemonHandle(this);
        Env = new Dictionary<string, string?>
        {
            ["SHEPHERD_HOME"] = Home,
            ["SHEPHERD_TMUX_SOCKET"] = Socket,
            ["SHEPHERD_CONFIG"] = Path.Combine(Dir, "config.toml"),
            ["SHEPHERD_BOOT_ID_FILE"] = BootIdFile,
            ["SHEPHERD_NO_AUTO_DAEMON"] = "1", // the harness runs, kills and restarts the daemon itself
            ["SHEPHERD_CODEX_BIN"] = Paths.FakeAgent,
            ["SHEPHERD_CLAUDE_BIN"] = Paths.FakeAgent,
            ["SHEPHERD_OPENCODE_BIN"] = Paths.FakeAgent,
            ["SHEPHERD_PI_BIN"] = Paths.FakeAgent,
            ["CODEX_HOME"] = Path.Combine(Dir, "codex"), // where (the fake) Codex keeps its rollouts
            ["CLAUDE_CONFIG_DIR"] = Path.Combine(Dir, "claude"), // where (the fake) Claude keeps its transcripts: never the user's
            ["TMUX"] = null,
            ["TMUX_PANE"] = null,
            ["FAKE_AGENT_PLAN"] = "ok",
            ["DOTNET_EnableDiagnostics"] = "0", // a .NET process killed with SIGKILL leaves its diagnostics pipes in /tmp
            [MarkerVariable] = Marker,
        };
    }

    public string Marker { get; }
    public string Dir { get; }
    public string Home { get; }
    public string Socket { get; }
    public string BootIdFile { get; }
    public string Projects { get; }
    public Dictionary<string, string?> Env { get; }
    public NotificationReceiver Notifications { get; }
    public DaemonHandle Daemon { get; }
    public Gate Gate { get; } = new();
    /// <summary>Keep the directory after the run (a failure leaves it for a post-mortem).</summary>
    public bool Keep { get; set; }

    public string TaskDir(string name) => Path.Combine(Home, "tasks", name);

    /// <summary>Starts a shepherd command once the gate is open; the caller waits for it (and may kill it).</summary>
    public async Task<Launched> LaunchAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? extraEnv = null, byte[]? stdin = null)
    {
        await Gate.PassAsync();
        return Launch([Paths.Shepherd, .. args], extraEnv, stdin);
    }

    public Launched Launch(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string?>? extraEnv = null, byte[]? stdin = null, string? cwd = null)
    {
        var env = new Dictionary<string, string?>(Env);
        foreach (var (k, v) in extraEnv ?? new Dictionary<string, string?>()) env[k] = v;
        var epoch = Volatile.Read(ref _killEpoch);
        var l = Launched.Start(argv, env, stdin, cwd);
        _inFlight[l.Pid] = l;
        // A simulated reboot between the start and the line above may have killed it unseen: it was killed by the reboot.
        if (Volatile.Read(ref _killEpoch) != epoch) l.Kill();
        return l;
    }

    public async Task<CliResult> WaitAsync(Launched l, TimeSpan? limit = null)
    {
        try { return await l.WaitAsync(limit ?? TimeSpan.FromSeconds(120)); }
        finally { _inFlight.TryRemove(l.Pid, out _); }
    }

    public async Task<CliResult> Shepherd(params string[] args) => await WaitAsync(await LaunchAsync(args));

    /// <summary>A command whose answer a check judges: issued again (up to 5 times) when a simulated reboot killed it,
    /// as a user would after the machine came back.</summary>
    public async Task<CliResult> ShepherdPastReboots(params string[] args)
    {
        for (var round = 0; ; round++)
        {
            var r = await Shepherd(args);
            if (!r.Killed || round >= 5) return r;
        }
    }

    public async Task<CliResult> ShepherdWith(IReadOnlyDictionary<string, string?> extraEnv, byte[]? stdin, params string[] args) =>
        await WaitAsync(await LaunchAsync(args, extraEnv, stdin));

    public async Task<CliResult> Tmux(params string[] args) => await WaitAsync(Launch(["tmux", "-L", Socket, .. args]), TimeSpan.FromSeconds(30));

    /// <summary>Every live process of the run (the harness's own excepted).</summary>
    public List<ProcEntry> RunProcesses() => ProcTable.WithEnvironment(MarkerVariable, v => v == Marker);

    /// <summary>SIGKILL to every process of the run, commands in flight included, until none is left (or 20 s).</summary>
    public async Task<int> KillEverythingAsync()
    {
        var killed = 0;
        Interlocked.Increment(ref _killEpoch);
        foreach (var l in _inFlight.Values) l.Kill();
        await Deadline.Until(() =>
        {
            var left = RunProcesses();
            foreach (var p in left) if (Native.Kill(p.Pid)) killed++;
            return left.Count == 0;
        }, TimeSpan.FromSeconds(20), pollMs: 100);
        return killed;
    }

    public void NewBootId() => File.WriteAllText(BootIdFile, Guid.NewGuid() + "\n");

    public SqliteConnection OpenDatabase(bool readOnly = true)
    {
        var c = new SqliteConnection($"Data Source={Path.Combine(Home, "shepherd.db")};Mode={(readOnly ? "ReadOnly" : "ReadWrite")};Pooling=False;Default Timeout=30");
        c.Open();
        return c;
    }

    public async ValueTask DisposeAsync()
    {
        await Daemon.StopAsync();
        await Tmux("kill-server");
        await KillEverythingAsync();
        DeleteSocketFile();
        if (Keep) return;
        try { Directory.Delete(Dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>A tmux server that was killed (-9, or in a simulated reboot) leaves its socket file behind.</summary>
    private void DeleteSocketFile()
    {
        var dir = Environment.GetEnvironmentVariable("TMUX_TMPDIR") is { Length: > 0 } t ? t : "/tmp";
        try { File.Delete(Path.Combine(dir, $"tmux-{Native.getuid()}", Socket)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
