using System.Diagnostics;
using System.Text.Json;

namespace Shepherd.Bench;

/// <summary>A private SHEPHERD_HOME and tmux socket for the benchmark; removed (tmux server killed) at the end.</summary>
internal sealed class BenchEnvironment : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-bench-").FullName;
    private readonly string _socket = $"shepherd-bench-{Environment.ProcessId}";
    private readonly string _fake;

    public BenchEnvironment(string fake)
    {
        _fake = fake;
        Project = Directory.CreateDirectory(Path.Combine(_dir, "project")).FullName;
    }

    public string Home => Path.Combine(_dir, "home");
    public string Project { get; }

    public ProcessStartInfo StartInfo(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["SHEPHERD_HOME"] = Home;
        psi.Environment["SHEPHERD_TMUX_SOCKET"] = _socket;
        psi.Environment["SHEPHERD_CODEX_BIN"] = _fake;
        psi.Environment["SHEPHERD_CONFIG"] = Path.Combine(_dir, "none.toml");
        psi.Environment["FAKE_AGENT_STATE"] = Path.Combine(_dir, "fake");
        psi.Environment.Remove("TMUX");
        return psi;
    }

    public string Run(string exe, params string[] args) => Run(exe, args, plan: "ok");

    public string Run(string exe, string[] args, string plan)
    {
        var psi = StartInfo(exe, args);
        psi.Environment["FAKE_AGENT_PLAN"] = plan;
        psi.Environment["FAKE_AGENT_STATE"] = Path.Combine(_dir, "fake", args.Length > 1 ? args[1] : "x");
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    private JsonElement Status(string exe, string name) => JsonDocument.Parse(Run(exe, "status", name, "--json")).RootElement;

    public int WaitForRunningAttempt(string exe, string name)
    {
        while (true)
        {
            var h = Status(exe, name).GetProperty("history");
            if (h.GetArrayLength() > 0 && h[0].GetProperty("pid").ValueKind == JsonValueKind.Number && Status(exe, name).GetProperty("agentSessionId").ValueKind == JsonValueKind.String)
                return h[0].GetProperty("pid").GetInt32();
            Thread.Sleep(20);
        }
    }

    public int RunnerPid(string name)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                if (argv.Length > 0 && Path.GetFileName(argv[0]) == "shepherd" && argv.Contains("__run") && argv.Contains(Home) && argv[^1] == TaskId(name)) return pid;
            }
            catch (IOException) { }
        }
        throw new InvalidOperationException("no runner");
    }

    private readonly Dictionary<string, string> _ids = [];

    /// <summary>Task row ids in creation order: the benchmark creates its tasks one by one.</summary>
    private string TaskId(string name)
    {
        if (!_ids.TryGetValue(name, out var id))
        {
            using var store = Shepherd.Store.TaskStore.Open(new Shepherd.Store.ShepherdHome(Home));
            _ids[name] = id = store.FindTask(name)!.Id.ToString();
        }
        return id;
    }

    public (DateTimeOffset Ended, DateTimeOffset Started) WaitForResume(string exe, string name)
    {
        while (true)
        {
            var h = Status(exe, name).GetProperty("history");
            if (h.GetArrayLength() > 1)
                return (h[0].GetProperty("endedAt").GetDateTimeOffset(), h[1].GetProperty("startedAt").GetDateTimeOffset());
            Thread.Sleep(5);
        }
    }

    public void Dispose()
    {
        new Shepherd.Tmux.TmuxClient(new Shepherd.Platform.ProcessCommandRunner(), _socket).KillPrivateServer();
        Directory.Delete(_dir, recursive: true);
    }
}
