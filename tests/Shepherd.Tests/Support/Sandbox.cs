using System.Diagnostics;
using System.Text.Json;

namespace Shepherd.Tests.Support;

/// <summary>One test's private world: its own SHEPHERD_HOME, tmux socket (-L), project directory and fake
/// agent state, with TMUX unset. Disposing kills its tmux server, the daemons it started and any agent
/// process group it launched (by recorded pid, checked against /proc), then deletes its files.</summary>
public sealed class Sandbox : IAsyncDisposable
{
    private readonly List<Process> _daemons = [];

    public Sandbox()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        Dir = Directory.CreateTempSubdirectory($"shepherd-test-{id}-").FullName;
        Home = Path.Combine(Dir, "home");
        Project = Directory.CreateDirectory(Path.Combine(Dir, "project")).FullName;
        Socket = $"shepherd-test-{id}";
        Env = new Dictionary<string, string?>
        {
            ["SHEPHERD_HOME"] = Home,
            ["SHEPHERD_TMUX_SOCKET"] = Socket,
            ["SHEPHERD_CONFIG"] = Path.Combine(Dir, "config.toml"),
            ["SHEPHERD_CODEX_BIN"] = Repo.FakeAgentBin,
            ["SHEPHERD_CLAUDE_BIN"] = Repo.FakeAgentBin,
            ["SHEPHERD_OPENCODE_BIN"] = Repo.FakeAgentBin,
            ["SHEPHERD_PI_BIN"] = Repo.FakeAgentBin,
            ["SHEPHERD_GEMINI_BIN"] = Repo.FakeAgentBin,
            ["SHEPHERD_QWEN_BIN"] = Repo.FakeAgentBin,
            ["SHEPHERD_COPILOT_BIN"] = Repo.FakeAgentBin,
            ["CODEX_HOME"] = Path.Combine(Dir, "codex"), // where (the fake) Codex keeps its rollouts
            ["CLAUDE_CONFIG_DIR"] = Path.Combine(Dir, "claude"), // where (the fake) Claude keeps its transcripts: never the user's
            ["GEMINI_CLI_HOME"] = Path.Combine(Dir, "gemini"), // and (the fake) Gemini its chats
            ["QWEN_HOME"] = Path.Combine(Dir, "qwen"), // likewise (the fake) Qwen's chats
            ["COPILOT_HOME"] = Path.Combine(Dir, "copilot"), // and (the fake) Copilot's session state
            ["TMUX"] = null,
            ["TMUX_PANE"] = null,
            ["FAKE_AGENT_PLAN"] = "ok",
            // A test that wants the daemon start launches by itself removes this (and Dispose ends that daemon).
            ["SHEPHERD_NO_AUTO_DAEMON"] = "1",
            // A .NET process killed with SIGKILL (the fake agent, often) leaves its diagnostics pipes in /tmp.
            ["DOTNET_EnableDiagnostics"] = "0",
        };
    }

    public string Dir { get; }
    public string Home { get; }
    public string Project { get; }
    public string Socket { get; }
    public Dictionary<string, string?> Env { get; }

    /// <summary>A private user for real programs (agent CLIs, OpenClaw): HOME, TMPDIR and the XDG directories
    /// under <paramref name="root"/>, no proxies, loopback exempt from any proxy.</summary>
    public static Dictionary<string, string?> PrivateUser(string root)
    {
        string D(string rel) => Directory.CreateDirectory(Path.Combine(root, rel)).FullName;
        var env = new Dictionary<string, string?>
        {
            ["HOME"] = D("home"), ["TMPDIR"] = D("tmp"),
            ["XDG_CONFIG_HOME"] = D("xdg/config"), ["XDG_DATA_HOME"] = D("xdg/data"),
            ["XDG_STATE_HOME"] = D("xdg/state"), ["XDG_CACHE_HOME"] = D("xdg/cache"),
            ["NO_PROXY"] = "127.0.0.1,localhost", ["no_proxy"] = "127.0.0.1,localhost",
        };
        foreach (var v in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy" }) env[v] = null;
        return env;
    }

    public string FakeState(string task) => Path.Combine(Dir, "fake", task);

    public Task<CliResult> Shepherd(params string[] args) => Processes.RunAsync([Repo.ShepherdBin, .. args], Env);

    public Task<CliResult> ShepherdWith(IReadOnlyDictionary<string, string?> extraEnv, string? stdin, params string[] args)
    {
        var env = new Dictionary<string, string?>(Env);
        foreach (var (k, v) in extraEnv) env[k] = v;
        return Processes.RunAsync([Repo.ShepherdBin, .. args], env, stdin);
    }

    /// <summary>Starts a task whose fake agent follows <paramref name="plan"/>; fails the test if start fails.</summary>
    public async Task<CliResult> Start(string name, string plan = "ok", string agent = "codex", params string[] more)
    {
        var r = await StartRaw(name, plan, agent, more);
        if (r.ExitCode != 0) throw new InvalidOperationException($"start {name} failed: {r}");
        return r;
    }

    public Task<CliResult> StartRaw(string name, string plan, string agent, params string[] more) =>
        ShepherdWith(new Dictionary<string, string?> { ["FAKE_AGENT_PLAN"] = plan, ["FAKE_AGENT_STATE"] = FakeState(name) }, null,
            ["start", name, "--agent", agent, "--dir", Project, "--prompt", $"task {name}",
                .. more.Contains("--backoff") ? more : ["--backoff", "200ms", .. more]]);

    public async Task<JsonElement> Status(string name)
    {
        var r = await Shepherd("status", name, "--json");
        if (r.ExitCode != 0) throw new InvalidOperationException($"status {name} failed: {r}");
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }

    public async Task<JsonElement> WaitFor(string name, Func<JsonElement, bool> condition, TimeSpan? timeout = null, string what = "condition")
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        JsonElement last = default;
        while (DateTime.UtcNow < until)
        {
            last = await Status(name);
            if (condition(last)) return last;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{name}: timed out waiting for {what}; last status: {last}");
    }

    /// <summary>Waits until the task's agent is at work in its conversation: running, with a session id, and the fake
    /// agent has opened (or resumed) it. Claude's and Pi's ids are Shepherd's own, stored before the agent even runs.</summary>
    public Task<JsonElement> WaitAtWork(string name, TimeSpan? timeout = null) =>
        WaitFor(name, t => t.IsRunning() && t.SessionId() is not null && Opened(name) >= t.Attempts(), timeout, "the agent at work");

    /// <summary>How many launches of the task's fake agent have opened their conversation.</summary>
    public int Opened(string name)
    {
        var file = Path.Combine(FakeState(name), "lifecycle.jsonl");
        return !File.Exists(file) ? 0 : File.ReadAllLines(file).Count(l => l.Contains("\"event\":\"open\""));
    }

    public Task<JsonElement> WaitFinal(string name, TimeSpan? timeout = null) =>
        WaitFor(name, t => t.GetProperty("state").GetString() is "succeeded" or "failed" or "stopped", timeout, "a final state");

    /// <summary>A private executable shell script in the sandbox (a notifier, a check).</summary>
    public string Script(string name, string body)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling; throws on the deadline.</summary>
    /// <summary>Waits until the task's runner has finished up after its final state (notifications, done file, the
    /// pane's last line): what it writes to the log after the final state is there.</summary>
    public Task FinishedUp(string name) =>
        Until(() => File.Exists(Path.Combine(Home, "tasks", name, "done")), TimeSpan.FromSeconds(10), "the runner to finish up");

    public static async Task Until(Func<bool> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    public List<JsonElement> Calls(string name)
    {
        var file = Path.Combine(FakeState(name), "calls.jsonl");
        return !File.Exists(file) ? [] : File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    public Task<CliResult> Tmux(params string[] args) => Processes.RunAsync(["tmux", "-L", Socket, .. args], Env);

    public Process StartDaemon()
    {
        var psi = new ProcessStartInfo(Repo.ShepherdBin) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("daemon");
        foreach (var (k, v) in Env)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (DaemonLog) DaemonLog.Add(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (DaemonLog) DaemonLog.Add(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _daemons.Add(p);
        return p;
    }

    public List<string> DaemonLog { get; } = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var d in _daemons)
        {
            try { if (!d.HasExited) d.Kill(); d.WaitForExit(5000); } catch (InvalidOperationException) { }
            d.Dispose();
        }
        EndLaunchedDaemon();
        await Task.Run(new Shepherd.Tmux.TmuxClient(new Shepherd.Platform.ProcessCommandRunner(), Socket).KillPrivateServer);
        KillAgentGroups();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The daemon a <c>start</c> launched (its pid file, checked by start time): ended like any process we own.</summary>
    public int? LaunchedDaemon()
    {
        var file = Path.Combine(Env["SHEPHERD_HOME"]!, "daemon.pid");
        if (!File.Exists(file)) return null;
        var f = File.ReadAllText(file).Split(' ');
        return f.Length >= 2 && int.TryParse(f[0], out var pid) && long.TryParse(f[1], out var ticks) && global::Shepherd.Platform.ProcessInfo.IsSame(pid, ticks)
            ? pid : null;
    }

    private void EndLaunchedDaemon()
    {
        if (LaunchedDaemon() is not { } pid) return;
        Native.Kill(pid, 15);
        for (var i = 0; i < 50 && Native.Exists(pid) && global::Shepherd.Platform.ProcessInfo.StartTicks(pid) is not null; i++) Thread.Sleep(100);
        if (global::Shepherd.Platform.ProcessInfo.StartTicks(pid) is not null) Native.Kill(pid, 9);
    }

    /// <summary>Kills every fake-agent process group this sandbox launched that is still alive.</summary>
    private void KillAgentGroups()
    {
        var fake = Path.Combine(Dir, "fake");
        if (!Directory.Exists(fake)) return;
        foreach (var file in Directory.EnumerateFiles(fake, "calls.jsonl", SearchOption.AllDirectories))
        foreach (var line in File.ReadAllLines(file))
        {
            var pid = JsonDocument.Parse(line).RootElement.GetProperty("pid").GetInt32();
            if (Native.IsFakeAgent(pid)) Native.KillGroup(pid);
        }
    }
}
