using System.Text.Json;
using Shepherd.FakeModel;
using Shepherd.Tests.Support;

namespace Shepherd.E2E;

/// <summary>One end-to-end test's world: a <see cref="Sandbox"/> (private SHEPHERD_HOME and tmux -L socket), its
/// own fake model server, and an isolated user for the real agent CLI (HOME, XDG dirs, TMPDIR, the agents'
/// config dirs, offline config pointing at the fake server). All of it goes into the environment of
/// <c>shepherd start</c>, which captures it for every attempt. Disposing stops unfinished tasks, kills the
/// tmux server and then every agent process group recorded in the tasks' attempts that is still alive and
/// still carries this sandbox's SHEPHERD_HOME (never anything found by name).</summary>
public sealed partial class AgentWorld : IAsyncDisposable
{
    public const string ContinuePrompt = "Continue the previous task.";

    private readonly List<string> _tasks = [];

    private AgentWorld(string agent, Sandbox sandbox, FakeModelServer server, string marker)
    {
        Agent = agent;
        S = sandbox;
        Server = server;
        Marker = marker;
    }

    public string Agent { get; }
    public Sandbox S { get; }
    public FakeModelServer Server { get; }

    /// <summary>Unique per test; put into the prompt so that rules and request lookups match only this test.</summary>
    public string Marker { get; }

    public static string AgentBin(string agent) => Path.Combine(Repo.Root, ".agents", "node_modules", ".bin", agent);

    public static async Task<AgentWorld> CreateAsync(string agent, string cell)
    {
        if (!File.Exists(AgentBin(agent)))
            throw new InvalidOperationException($"{AgentBin(agent)} is missing: run scripts/install-agents.sh");
        var server = await FakeModelServer.StartAsync();
        var s = new Sandbox();
        // Letters only: a digit run such as 429 in a marker could look like a status code in the agent's echo.
        var marker = $"ZQ{agent.ToUpperInvariant()}{cell.ToUpperInvariant()}{RandomLetters(8)}";
        var world = new AgentWorld(agent, s, server, marker);
        world.Configure();
        return world;
    }

    private static string RandomLetters(int n) =>
        new(Enumerable.Range(0, n).Select(_ => (char)('A' + Random.Shared.Next(26))).ToArray());

    private void Configure()
    {
        var u = Path.Combine(S.Dir, "user");
        string D(string rel) => Directory.CreateDirectory(Path.Combine(u, rel)).FullName;
        var env = S.Env;
        env["SHEPHERD_CODEX_BIN"] = AgentBin("codex");
        env["SHEPHERD_CLAUDE_BIN"] = AgentBin("claude");
        env["SHEPHERD_OPENCODE_BIN"] = AgentBin("opencode");
        env["SHEPHERD_PI_BIN"] = AgentBin("pi");
        env["SHEPHERD_GEMINI_BIN"] = AgentBin("gemini");
        env["SHEPHERD_QWEN_BIN"] = AgentBin("qwen");
        env["SHEPHERD_COPILOT_BIN"] = AgentBin("copilot");
        foreach (var (k, v) in Sandbox.PrivateUser(u)) env[k] = v;

        // Codex: only what reaching the fake server needs. No sandbox_mode or approval_policy: a new user has neither,
        // and a resume must keep workspace-write by itself (codex exec resume without -s drops to read-only).
        var codex = D("codex");
        env["CODEX_HOME"] = codex;
        env["FAKE_API_KEY"] = "fake-codex-key-0123456789"; // not one letter: Copilot redacts secrets' values from all it prints
        File.WriteAllText(Path.Combine(codex, "config.toml"), $"""
            model = "fake-model"
            model_provider = "fake"
            check_for_update_on_startup = false
            [model_providers.fake]
            name = "fake"
            base_url = "{Server.V1Url}"
            wire_api = "responses"
            env_key = "FAKE_API_KEY"
            request_max_retries = 0
            stream_max_retries = 0
            [analytics]
            enabled = false
            [features]
            plugins = false

            """);

        // Claude Code
        env["ANTHROPIC_BASE_URL"] = Server.BaseUrl;
        env["ANTHROPIC_API_KEY"] = "sk-fake-key-0123456789abcdef";
        env["ANTHROPIC_MODEL"] = env["ANTHROPIC_SMALL_FAST_MODEL"] = "fake-model";
        env["CLAUDE_CONFIG_DIR"] = D("claude");
        env["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = env["DISABLE_AUTOUPDATER"] = env["DISABLE_TELEMETRY"] = env["DISABLE_ERROR_REPORTING"] = "1";
        env["IS_SANDBOX"] = "1";
        env["CLAUDE_CODE_MAX_RETRIES"] = "0";

        // OpenCode (its API retries are hard-coded: 6 tries)
        env["OPENCODE_CONFIG_CONTENT"] = JsonSerializerLite.OpenCodeConfig(Server.V1Url);
        foreach (var v in new[] { "MODELS_FETCH", "AUTOUPDATE", "SHARE", "LSP_DOWNLOAD", "DEFAULT_PLUGINS", "CLAUDE_CODE", "EXTERNAL_SKILLS", "PROJECT_CONFIG" })
            env["OPENCODE_DISABLE_" + v] = "1";

        // Pi: agent-level and SDK retries off, so an API error ends the run at once (with exit 0)
        var pi = D("pi");
        env["PI_CODING_AGENT_DIR"] = pi;
        env["PI_OFFLINE"] = env["PI_SKIP_VERSION_CHECK"] = "1";
        File.WriteAllText(Path.Combine(pi, "models.json"),
            """{"providers":{"fake":{"baseUrl":""" + JsonSerializer.Serialize(Server.V1Url, StringJson.Default.String) +
            ""","api":"openai-completions","apiKey":"x","models":[{"id":"fake-model","name":"Fake Model","contextWindow":128000,"maxTokens":4096}]}}}""");
        File.WriteAllText(Path.Combine(pi, "settings.json"), """{"defaultProvider":"fake","defaultModel":"fake-model","retry":{"enabled":false,"provider":{"maxRetries":0}}}""");

        ConfigureGemini(env, D("home/.gemini"));
        ConfigureQwenOrCopilot(env, u);
    }

    /// <summary>Gemini CLI as a new user with an API key has it: the key, the base URL of the (fake) Gemini API, and in
    /// <c>~/.gemini/settings.json</c> the auth type the key needs (with a base URL and no auth type Gemini picks "gateway"
    /// and exits 41). Its own retries are turned down with the setting a user has for it, <c>general.maxAttempts</c>
    /// ("Max Chat Model Attempts" in its /settings dialog; default 10, with backoff up to 30 s), so that an API error ends the
    /// run at once.</summary>
    private void ConfigureGemini(Dictionary<string, string?> env, string geminiDir)
    {
        env["GEMINI_CLI_HOME"] = null; // the Sandbox's, for the fake agent: a new user's ~/.gemini here
        env["GEMINI_API_KEY"] = "fake-gemini-key";
        env["GOOGLE_GEMINI_BASE_URL"] = Server.BaseUrl;
        File.WriteAllText(Path.Combine(geminiDir, "settings.json"),
            """{"security":{"auth":{"selectedType":"gemini-api-key"}},"general":{"maxAttempts":1}}""");
    }

    /// <summary>A task this world did not start (an import): stopped and its agents ended on dispose like the others.</summary>
    public void Adopt(string name) => _tasks.Add(name);

    /// <summary>The prompt of a task: carries the marker.</summary>
    public string Prompt(string what = "reply with OK") => $"E2E task {Marker}: {what}";

    /// <summary><c>shepherd start NAME --agent A --dir PROJECT --prompt P --backoff 200ms</c> (each agent's model
    /// comes from its config, no extra agent arguments).</summary>
    public async Task Start(string name, string? prompt = null, params string[] more)
    {
        _tasks.Add(name);
        var r = await S.Shepherd(["start", name, "--agent", Agent, "--dir", S.Project, "--prompt", prompt ?? Prompt(), .. more.Contains("--backoff") ? more : ["--backoff", "200ms", .. more]]);
        if (r.ExitCode != 0) throw new InvalidOperationException($"start {name} failed: {r}");
    }

    /// <summary>Model calls whose prompt of the turn (last user text) carries this test's marker.</summary>
    public List<RecordedRequest> PromptRequests() =>
        Server.Requests.Where(r => r.IsModelCall && r.LastUserText.Contains(Marker, StringComparison.Ordinal)).ToList();

    public Task<RecordedRequest> WaitPromptRequest(TimeSpan? timeout = null) =>
        Server.WaitForRequestAsync(r => r.IsModelCall && r.LastUserText.Contains(Marker, StringComparison.Ordinal), timeout ?? TimeSpan.FromSeconds(90));

    /// <summary>True when the turn's prompt is exactly the continue prompt (a trailing newline allowed, and Copilot's
    /// <c>&lt;current_datetime&gt;</c> line before it; quotes, as OpenCode adds to an argv prompt, are not).</summary>
    public static bool IsContinue(RecordedRequest r) => r.IsModelCall && TurnText(r.LastUserText).TrimEnd('\n') == ContinuePrompt;

    /// <summary>A resumed turn: exactly the continue prompt last, this test's prompt among the earlier user texts.</summary>
    public Task<RecordedRequest> WaitResumedRequest(TimeSpan? timeout = null) =>
        Server.WaitForRequestAsync(r => IsContinue(r) && r.EarlierUserTexts.Any(t => t.Contains(Marker, StringComparison.Ordinal)),
            timeout ?? TimeSpan.FromSeconds(30));

    public Task<JsonElement> WaitFinal(string name, TimeSpan? timeout = null) => S.WaitFinal(name, timeout ?? TimeSpan.FromSeconds(120));

    /// <summary>Waits until the task's current attempt is running (pid recorded, not ended), optionally with the
    /// session id already stored.</summary>
    public Task<JsonElement> WaitRunning(string name, bool withSessionId, TimeSpan? timeout = null) =>
        S.WaitFor(name, t => t.IsRunning() && (!withSessionId || t.SessionId() is not null), timeout ?? TimeSpan.FromSeconds(60),
            withSessionId ? "a running attempt with a session id" : "a running attempt");

    /// <summary>Failure context for assertions: the task's status and what the server saw.</summary>
    public async Task<string> Describe(string name)
    {
        string status;
        try { status = (await S.Status(name)).ToString(); } catch (Exception e) { status = e.Message; }
        var log = Path.Combine(S.Home, "tasks", name, "output.log");
        var output = File.Exists(log) ? string.Join('\n', File.ReadAllLines(log).TakeLast(40)) : "(no output.log)";
        return $"status: {status}\nrequests:\n  {string.Join("\n  ", Server.Requests)}\noutput.log (tail):\n{output}";
    }

    /// <summary>Writes the task's attempts (kind, exit, outcome, detail) and the model calls to the test output,
    /// so that the result XML documents what each real CLI did.</summary>
    public async Task Record(string name)
    {
        var output = TestContext.Current.TestOutputHelper;
        if (output is null) return;
        try
        {
            var t = await S.Status(name);
            output.WriteLine($"{Agent} {name}: {t.State()} after {t.Attempts()} attempt(s), session {t.SessionId()}");
            foreach (var a in t.History())
                output.WriteLine($"  #{a.GetProperty("number").GetInt32()} {a.Kind()} exit={a.GetProperty("exit")} outcome={a.Outcome()} detail={a.GetProperty("detail")}");
        }
        catch (Exception e) { output.WriteLine($"status failed: {e.Message}"); }
        var log = Path.Combine(S.Home, "tasks", name, "output.log");
        if (File.Exists(log))
            foreach (var line in File.ReadAllLines(log).Where(l => l.Contains("[shepherd]")))
                output.WriteLine("  log: " + line);
        foreach (var r in Server.Requests.Where(r => r.IsModelCall))
        {
            output.WriteLine("  " + r);
            output.WriteLine("    user texts: " + string.Join(" | ", r.UserTexts.Select(Short)));
        }
    }

    private static string Short(string text)
    {
        var oneLine = text.Replace("\n", "\\n");
        return oneLine.Length > 70 ? oneLine[..70] + "…" : oneLine;
    }

    public async ValueTask DisposeAsync()
    {
        var pids = new HashSet<int>();
        foreach (var name in _tasks) await Record(name);
        foreach (var name in _tasks)
        {
            try
            {
                var t = await S.Status(name);
                foreach (var a in t.History()) if (a.Pid() is { } p) pids.Add(p);
                if (t.State() is not ("succeeded" or "failed" or "stopped")) await S.Shepherd("stop", name);
                foreach (var a in (await S.Status(name)).History()) if (a.Pid() is { } p) pids.Add(p);
            }
            catch (Exception) { /* best effort: the groups below are still killed */ }
        }
        foreach (var runner in Runners.Of(S)) Native.Kill(runner);
        await S.DisposeAsync(); // kills the tmux server, deletes the files
        foreach (var pid in pids)
            if (BelongsToSandbox(pid)) Native.KillGroup(pid);
        await Server.DisposeAsync();
    }

    /// <summary>True when <paramref name="pid"/> is alive, leads its own process group and has this sandbox's
    /// SHEPHERD_HOME in its environment (the captured start environment every agent attempt gets).</summary>
    private bool BelongsToSandbox(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length < 3 || fields[2] != pid.ToString()) return false; // pgrp
            var environ = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
            return environ.Contains("SHEPHERD_HOME=" + S.Home);
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class StringJson : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>JSON text built with the writer (no reflection).</summary>
internal static class JsonSerializerLite
{
    public static string OpenCodeConfig(string v1Url)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteBoolean("autoupdate", false);
            w.WriteString("share", "disabled");
            w.WriteString("model", "fake/fake-model");
            w.WriteString("small_model", "fake/fake-model");
            w.WriteStartObject("provider");
            w.WriteStartObject("fake");
            w.WriteString("npm", "@ai-sdk/openai-compatible");
            w.WriteString("name", "Fake");
            w.WriteStartObject("options");
            w.WriteString("baseURL", v1Url);
            w.WriteString("apiKey", "x");
            w.WriteEndObject();
            w.WriteStartObject("models");
            w.WriteStartObject("fake-model");
            w.WriteString("name", "Fake Model");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }
}
