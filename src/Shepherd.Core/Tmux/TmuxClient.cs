using Shepherd.Platform;

namespace Shepherd.Tmux;

/// <summary>Every tmux call goes through here, as an argument list, on the socket from
/// <c>SHEPHERD_TMUX_SOCKET</c> (tmux -L) when set. Sessions are matched exactly (=name), panes by id.</summary>
public sealed class TmuxClient(ICommandRunner runner, string? socket, string executable = "tmux")
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static TmuxClient FromEnvironment(ICommandRunner? runner = null) =>
        new(runner ?? new ProcessCommandRunner(),
            Environment.GetEnvironmentVariable("SHEPHERD_TMUX_SOCKET") is { Length: > 0 } s ? s : null);

    public string? Socket => socket;

    /// <summary>The full argv for a tmux command, for callers that must exec tmux themselves (attach).</summary>
    public IReadOnlyList<string> Argv(params string[] args) =>
        socket is null ? [executable, .. args] : [executable, "-L", socket, .. args];

    private CommandResult Run(params string[] args) => runner.Run(Argv(args), Timeout);

    /// <summary>Looked up on PATH, not run: <c>start</c> asks on every call, and a process costs milliseconds.</summary>
    public bool IsInstalled() =>
        Executables.Find(executable, Environment.GetEnvironmentVariable("PATH") is { } path
            ? new Dictionary<string, string> { ["PATH"] = path } : new Dictionary<string, string>()) is not null;

    public string? Version() => Run("-V") is { Ok: true } r ? r.Stdout.Trim() : null;

    /// <summary>Creates a detached session running <paramref name="command"/> directly (no shell) and keeps
    /// the pane after the command exits so its last lines stay visible. Returns the pane id.</summary>
    public string NewSession(string name, string directory, IReadOnlyList<string> command)
    {
        var r = Run(["new-session", "-d", "-P", "-F", "#{pane_id}", "-s", name, "-c", directory, "-x", "200", "-y", "50",
            "--", .. command, ";", "set-option", "-t", "=" + name + ":", "remain-on-exit", "on"]);
        if (!r.Ok) throw new TmuxException($"tmux new-session {name} failed: {FirstLine(r)}");
        return r.Stdout.Trim();
    }

    /// <summary>Starts the program again in a dead pane (without -k: a pane whose program still runs is refused,
    /// never killed).</summary>
    public void RespawnPane(string paneId, string directory, IReadOnlyList<string> command)
    {
        var r = Run(["respawn-pane", "-t", paneId, "-c", directory, "--", .. command]);
        if (!r.Ok) throw new TmuxException($"tmux respawn-pane {paneId} failed: {FirstLine(r)}");
    }

    /// <summary>A new window in an existing session running <paramref name="command"/> (no shell); returns its pane id.</summary>
    public string NewWindow(string session, string directory, IReadOnlyList<string> command)
    {
        var r = Run(["new-window", "-d", "-P", "-F", "#{pane_id}", "-t", "=" + session + ":", "-c", directory, "--", .. command,
            ";", "set-option", "-w", "-t", "=" + session + ":", "remain-on-exit", "on"]);
        if (!r.Ok) throw new TmuxException($"tmux new-window in {session} failed: {FirstLine(r)}");
        return r.Stdout.Trim();
    }

    public Probe HasSession(string name)
    {
        var r = Run("has-session", "-t", "=" + name);
        if (r.Ok) return Probe.Alive;
        if (r.TimedOut || r.NotFound) return Probe.Unknown;
        return IsGoneMessage(r.Stderr) ? Probe.Gone : Probe.Unknown;
    }

    /// <summary>Every pane of every session, by session name, in one call; Gone (and empty) when no server runs.</summary>
    public (Probe Probe, IReadOnlyDictionary<string, List<PaneInfo>> Sessions) ListAllPanes()
    {
        var r = Run("list-panes", "-a", "-F", "#{session_name}\t#{pane_id}\t#{pane_pid}\t#{pane_dead}");
        var sessions = new Dictionary<string, List<PaneInfo>>();
        if (!r.Ok) return (r.TimedOut || r.NotFound || !IsGoneMessage(r.Stderr) ? Probe.Unknown : Probe.Gone, sessions);
        foreach (var p in r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')))
        {
            if (p.Length != 4 || !int.TryParse(p[2], out var pid)) continue;
            if (!sessions.TryGetValue(p[0], out var list)) sessions[p[0]] = list = [];
            list.Add(new PaneInfo(p[1], pid, p[3] == "1"));
        }
        return (Probe.Alive, sessions);
    }

    /// <summary>Runs several tmux commands in one invocation (tmux stops at the first that fails); true when all ran.</summary>
    public bool RunBatch(IReadOnlyList<IReadOnlyList<string>> commands)
    {
        if (commands.Count == 0) return true;
        var args = new List<string>();
        foreach (var c in commands)
        {
            if (args.Count > 0) args.Add(";");
            args.AddRange(c);
        }
        return runner.Run(Argv([.. args]), Timeout * 2).Ok;
    }

    /// <summary>The commands that create a detached session running <paramref name="command"/> (no shell) and keep
    /// its pane after the command exits.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> NewSessionCommands(string name, string directory, IReadOnlyList<string> command) =>
    [
        ["new-session", "-d", "-s", name, "-c", directory, "-x", "200", "-y", "50", "--", .. command],
        ["set-option", "-t", "=" + name + ":", "remain-on-exit", "on"],
    ];

    /// <summary>Every pane of the session (all its windows); Gone when the session or server does not exist.</summary>
    public (Probe Probe, IReadOnlyList<PaneInfo> Panes) ListPanes(string name)
    {
        var r = Run("list-panes", "-s", "-t", "=" + name, "-F", "#{pane_id} #{pane_pid} #{pane_dead}");
        if (!r.Ok) return (r.TimedOut || r.NotFound || !IsGoneMessage(r.Stderr) ? Probe.Unknown : Probe.Gone, []);
        var panes = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
            .Where(p => p.Length == 3 && int.TryParse(p[1], out _))
            .Select(p => new PaneInfo(p[0], int.Parse(p[1]), p[2] == "1")).ToList();
        return (Probe.Alive, panes);
    }

    /// <summary>Attaches this terminal to the session (returns when the user detaches).</summary>
    public int Attach(string name) => runner.RunOnTerminal(Argv("attach-session", "-t", "=" + name));

    public bool KillSession(string name) => Run("kill-session", "-t", "=" + name).Ok;

    /// <summary>Ends the whole server of a private socket (-L) and removes the socket file tmux leaves behind.</summary>
    public void KillPrivateServer()
    {
        if (socket is null) throw new InvalidOperationException("only a private (-L) tmux server may be killed");
        Run("kill-server");
        RemoveSocketFile();
    }

    /// <summary>tmux leaves its socket file behind when its server is killed.</summary>
    private void RemoveSocketFile()
    {
        var dir = Environment.GetEnvironmentVariable("TMUX_TMPDIR") is { Length: > 0 } t ? t : "/tmp";
        var file = Path.Combine(dir, $"tmux-{Libc.getuid()}", socket!);
        if (File.Exists(file)) File.Delete(file);
    }

    // "server exited unexpectedly" and "lost server": it died under the command (kill-server); "Connection refused":
    // its socket file is still there, nobody listens.
    private static bool IsGoneMessage(string stderr) =>
        stderr.Contains("server exited unexpectedly") || stderr.Contains("lost server") ||
        (stderr.Contains("error connecting to") && stderr.Contains("Connection refused")) ||
        stderr.Contains("can't find session") || stderr.Contains("no server running") ||
        stderr.Contains("can't find pane") || stderr.Contains("can't find window") || stderr.Contains("session not found") ||
        (stderr.Contains("error connecting to") && stderr.Contains("No such file or directory"));

    private static string FirstLine(CommandResult r) =>
        (r.Stderr + r.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? $"exit {r.ExitCode}";
}

public sealed class TmuxException(string message) : Exception(message);
