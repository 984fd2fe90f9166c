using System.Diagnostics;
using System.Text.Json;

namespace Shepherd.Bench;

/// <summary>One figure's private world: its own directory, SHEPHERD_HOME, tmux sockets (-L, under a private
/// TMUX_TMPDIR), project directory and fake-agent state, with TMUX unset and no auto-started daemon.
/// Disposing stops the daemons and process groups it started (by recorded pid), kills its tmux servers,
/// then kills whatever of its own is still running (found by its directory or socket in argv or cwd, never by
/// name) and deletes the directory.</summary>
internal sealed class Sandbox : IDisposable
{
    private static readonly TimeSpan CliLimit = TimeSpan.FromSeconds(30);
    private readonly List<Process> _daemons = [];
    private readonly List<int> _groups = [];
    private readonly List<string> _sockets = [];

    private readonly Report _report;

    public Sandbox(BenchOptions options, Deadline deadline, Report report)
    {
        _report = report;
        Options = options;
        Deadline = deadline;
        var id = Guid.NewGuid().ToString("N")[..8];
        Dir = Directory.CreateTempSubdirectory($"shepherd-bench-{id}-").FullName;
        Home = Path.Combine(Dir, "home");
        Project = Directory.CreateDirectory(Path.Combine(Dir, "project")).FullName;
        var tmuxDir = Directory.CreateDirectory(Path.Combine(Dir, "tmux")).FullName;
        File.SetUnixFileMode(tmuxDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Socket = NewSocket("sb");
        Env = new Dictionary<string, string?>
        {
            ["SHEPHERD_HOME"] = Home,
            ["SHEPHERD_TMUX_SOCKET"] = Socket,
            ["SHEPHERD_CONFIG"] = Path.Combine(Dir, "config.toml"),
            ["SHEPHERD_CODEX_BIN"] = options.FakeAgent,
            ["SHEPHERD_CLAUDE_BIN"] = options.FakeAgent,
            ["SHEPHERD_OPENCODE_BIN"] = options.FakeAgent,
            ["SHEPHERD_PI_BIN"] = options.FakeAgent,
            ["SHEPHERD_NO_AUTO_DAEMON"] = "1", // the bench starts the daemon it measures, and only that one
            ["TMUX_TMPDIR"] = tmuxDir,
            ["TMUX"] = null,
            ["TMUX_PANE"] = null,
            ["DOTNET_EnableDiagnostics"] = "0",
        };
    }

    public BenchOptions Options { get; }
    public Deadline Deadline { get; }
    public string Dir { get; }
    public string Home { get; }
    public string Project { get; }
    public string Socket { get; }
    public Dictionary<string, string?> Env { get; }
    public List<string> DaemonLog { get; } = [];

    /// <summary>Processes of this sandbox that outlived its tmux servers and had to be killed at the end.</summary>
    private List<string> LeftBehind { get; } = [];

    /// <summary>A tmux socket name unique to this sandbox; its server is killed at the end.</summary>
    public string NewSocket(string prefix)
    {
        var s = $"{prefix}-{Path.GetFileName(Dir)}";
        _sockets.Add(s);
        return s;
    }

    public string FakeState(string task) => Path.Combine(Dir, "fake", task);

    public ProcResult Run(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string?>? extra = null, TimeSpan? limit = null, string? cwd = null)
    {
        Deadline.Check($"about to run {Path.GetFileName(argv[0])}");
        var env = new Dictionary<string, string?>(Env);
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) env[k] = v;
        return Proc.Run(argv, env, Deadline.Cap(limit ?? CliLimit), cwd ?? Dir);
    }

    public ProcResult Cli(params string[] args) => Run([Options.Shepherd, .. args]);

    public ProcResult Tmux(params string[] args) => Run(["tmux", "-L", Socket, .. args]);

    /// <summary><c>shepherd start</c> of a codex task played by the fake agent with <paramref name="plan"/>.</summary>
    public ProcResult Start(string name, string plan, params string[] more) =>
        StartWith(name, new Dictionary<string, string?> { ["FAKE_AGENT_PLAN"] = plan, ["FAKE_AGENT_STATE"] = FakeState(name) }, more);

    /// <summary><c>shepherd start</c> of a codex task, with <paramref name="env"/> added to the environment its agent sees
    /// (<c>SHEPHERD_CODEX_BIN</c> there names another agent).</summary>
    public ProcResult StartWith(string name, IReadOnlyDictionary<string, string?> env, params string[] more) =>
        Run([Options.Shepherd, "start", name, "--agent", "codex", "--dir", Project, "--prompt", $"bench task {name}", .. more], env);

    public void StartOrThrow(string name, string plan, params string[] more)
    {
        var r = Start(name, plan, more);
        if (!r.Ok) throw new InvalidOperationException($"shepherd start {name} failed: {r.Describe()}");
    }

    public JsonElement Json(params string[] args)
    {
        var r = Cli(args);
        if (!r.Ok) throw new InvalidOperationException($"shepherd {string.Join(' ', args)} failed: {r.Describe()}");
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }

    public JsonElement Status(string name) => Json("status", name, "--json");

    /// <summary>Waits until every task's fake agent has launched <paramref name="launches"/> times and
    /// <c>list</c> shows each running with a session id.</summary>
    public void WaitRunning(IReadOnlyCollection<string> names, int launches, TimeSpan limit)
    {
        Deadline.WaitFor(() => names.All(n => FakeJournal.Count(FakeState(n)) >= launches), limit,
            $"{names.Count} fake agents launched {launches} time(s)", pollMs: 100);
        Deadline.WaitFor(() =>
        {
            var running = Json("list", "--json", "--all").EnumerateArray()
                .Where(t => t.GetProperty("state").GetString() == "running" && t.GetProperty("agentSessionId").ValueKind == JsonValueKind.String)
                .Select(t => t.GetProperty("name").GetString()).ToHashSet();
            return names.All(running.Contains);
        }, limit, $"{names.Count} tasks running with a session id", pollMs: 300);
    }

    /// <summary>The task's runner: the pane's process, or (if the runner is not the pane's process) the
    /// process running <c>__run</c> for this task's id.</summary>
    public int RunnerPid(string name)
    {
        var session = Status(name).GetProperty("tmuxSession").GetString()!;
        var r = Tmux("list-panes", "-t", "=" + session, "-F", "#{pane_pid}");
        if (r.Ok && int.TryParse(r.Stdout.Split('\n')[0].Trim(), out var pane) && Posix.Argv(pane).Contains("__run")) return pane;
        var id = TaskDb.Id(Home, name).ToString();
        foreach (var pid in Posix.AllPids())
            if (Posix.Argv(pid) is var argv && argv.Contains("__run") && argv.Contains(Home) && (argv.Contains(id) || argv.Contains(name))) return pid;
        throw new InvalidOperationException($"no runner process found for task {name}");
    }

    public Process StartDaemon()
    {
        var p = Proc.Spawn([Options.Shepherd, "daemon"], Env, DaemonLog, Dir);
        _daemons.Add(p);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(3) && !p.HasExited) { lock (DaemonLog) if (DaemonLog.Count > 0) break; Thread.Sleep(20); }
        if (p.HasExited) throw new InvalidOperationException($"shepherd daemon exited at once (exit {p.ExitCode}): {(DaemonLog.Count == 0 ? "no output" : string.Join(" / ", DaemonLog.TakeLast(5)))}");
        return p;
    }

    /// <summary>A process group this sandbox started (its leader's pid), killed at the end.</summary>
    public void OwnGroup(int pgid) => _groups.Add(pgid);

    public void Dispose()
    {
        foreach (var d in _daemons)
        {
            try
            {
                if (!d.HasExited) Posix.Signal(d.Id, Posix.SIGTERM);
                if (!d.WaitForExit(3000)) { d.Kill(); d.WaitForExit(3000); }
            }
            catch (InvalidOperationException) { }
            d.Dispose();
        }
        foreach (var g in _groups) Posix.SignalGroup(g, Posix.SIGKILL);
        foreach (var s in _sockets)
        {
            try { Proc.Run(["tmux", "-L", s, "kill-server"], Env, TimeSpan.FromSeconds(10), Dir); }
            catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception) { }
        }
        var sw = Stopwatch.StartNew();
        while (Ours().Count > 0 && sw.Elapsed < TimeSpan.FromSeconds(5)) Thread.Sleep(100);
        foreach (var pid in Ours())
        {
            LeftBehind.Add($"{Path.GetFileName(Posix.Argv(pid).FirstOrDefault() ?? "?")} (pid {pid})");
            Posix.Signal(pid, Posix.SIGKILL);
        }
        if (LeftBehind.Count > 0)
            _report.Note($"cleanup: {LeftBehind.Count} process(es) outlived their tmux server by 5 s and were killed: {string.Join(", ", LeftBehind.Take(8))}");
        sw.Restart();
        while (Ours().Count > 0 && sw.Elapsed < TimeSpan.FromSeconds(2)) Thread.Sleep(50);
        try { Directory.Delete(Dir, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>Live processes that belong to this sandbox: its directory or one of its sockets in their argv, their
    /// working directory inside it, or a file of it open (a daemon that chdir'd to / still holds its lock file).</summary>
    private List<int> Ours() => Posix.AllPids().Where(pid => pid != Environment.ProcessId && IsOurs(pid)).ToList();

    private bool IsOurs(int pid)
    {
        if (Posix.State(pid) is null or 'Z' or 'X') return false;
        var argv = string.Join(' ', Posix.Argv(pid));
        if (argv.Contains(Dir) || _sockets.Any(argv.Contains)) return true;
        if (Posix.Cwd(pid) is { } cwd && cwd.StartsWith(Dir, StringComparison.Ordinal)) return true;
        return Posix.OpenFiles(pid).Any(f => f.StartsWith(Dir, StringComparison.Ordinal));
    }
}
