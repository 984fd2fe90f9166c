namespace Shepherd.Tests.Support;

/// <summary>A real terminal for a shepherd command: a tmux pane of a given size on the sandbox's private server,
/// read back with capture-pane. The pane stays after the command exits, so its exit status can be read.</summary>
public sealed class Pane
{
    private readonly Sandbox _s;
    private readonly string _target;
    private readonly string _exitFile;

    private Pane(Sandbox s, string session)
    {
        _s = s;
        _target = "=" + session + ":";
        _exitFile = Path.Combine(s.Dir, $"pane-{session}.exit");
    }

    public static async Task<Pane> Run(Sandbox s, string session, int width, int height, IReadOnlyDictionary<string, string?>? env, params string[] args)
    {
        var vars = new Dictionary<string, string?>(s.Env);
        foreach (var (k, v) in env ?? new Dictionary<string, string?>()) vars[k] = v;
        var assignments = vars.Where(kv => kv.Value is not null && kv.Key is not ("TMUX" or "TMUX_PANE")).Select(kv => $"{kv.Key}={kv.Value}");
        var unset = vars.Where(kv => kv.Value is null).SelectMany(kv => new[] { "-u", kv.Key });
        // remain-on-exit must be on before the command starts, or a quick command's exit status is lost:
        // the pane starts with a placeholder (cat), then respawns with the command.
        // bash records the exit status (tmux's pane_dead_status is sometimes never filled in: tmux 3.3 was seen
        // leaving a .NET pane process a zombie); bash, unlike dash, outlives a Ctrl-C its child handles.
        var pane = new Pane(s, session);
        var r = await s.Tmux(["new-session", "-d", "-s", session, "-x", width.ToString(), "-y", height.ToString(), "cat",
            ";", "set-option", "-w", "-t", "=" + session + ":", "remain-on-exit", "on",
            ";", "respawn-pane", "-k", "-t", "=" + session + ":", "bash", "-c", "\"$@\"; echo $? > " + pane._exitFile, "bash",
            "env", .. unset, .. assignments, Repo.ShepherdBin, .. args]);
        if (r.ExitCode != 0) throw new InvalidOperationException($"tmux new-session failed: {r}");
        return pane;
    }

    /// <summary>What the command wrote (the screen and the pane's history), wrapped lines joined, without tmux's own
    /// "Pane is dead" line; with <paramref name="escapes"/>, colours as SGR sequences.</summary>
    public async Task<string> Screen(bool escapes = false)
    {
        var r = await _s.Tmux(["capture-pane", "-p", "-J", "-S", "-", .. escapes ? new[] { "-e" } : [], "-t", _target]);
        return string.Join('\n', r.Stdout.Split('\n').Where(l => !l.StartsWith("Pane is dead")));
    }

    public async Task<string> WaitForScreen(Func<string, bool> condition, string what, TimeSpan? timeout = null, bool escapes = false)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var screen = "";
        while (DateTime.UtcNow < until)
        {
            screen = await Screen(escapes);
            if (condition(screen)) return screen;
            await Task.Delay(100);
        }
        throw new TimeoutException($"pane: timed out waiting for {what}; screen:\n{screen}");
    }

    /// <summary>The visible screen only, row by row as the terminal shows it (a wrapped line stays two rows).</summary>
    public async Task<string> Visible() => (await _s.Tmux(["capture-pane", "-p", "-t", _target])).Stdout;

    /// <summary>Lines scrolled off the top of the pane's normal screen.</summary>
    public async Task<int> HistorySize() =>
        int.Parse((await _s.Tmux(["display-message", "-p", "-t", _target, "#{history_size}"])).Stdout.Trim());

    /// <summary>Resizes the pane's window as a terminal resize would (the program gets SIGWINCH).</summary>
    public async Task Resize(int width, int height)
    {
        var r = await _s.Tmux(["resize-window", "-t", _target, "-x", width.ToString(), "-y", height.ToString()]);
        if (r.ExitCode != 0) throw new InvalidOperationException($"tmux resize-window failed: {r}");
    }

    public Task<CliResult> Keys(params string[] keys) => _s.Tmux(["send-keys", "-t", _target, .. keys]);

    /// <summary>The command's exit status once it has exited (null while it runs).</summary>
    public Task<int?> ExitStatus() =>
        Task.FromResult(File.Exists(_exitFile) && int.TryParse(File.ReadAllText(_exitFile).Trim(), out var code) ? code : (int?)null);

    public async Task<int> WaitForExit(TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < until)
        {
            if (await ExitStatus() is { } code) return code;
            await Task.Delay(100);
        }
        throw new TimeoutException($"pane: the command did not exit; screen:\n{await Screen()}");
    }
}
