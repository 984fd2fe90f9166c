using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shepherd.FakeModel;
using Shepherd.Tests.Support;

namespace Shepherd.Mcp;

/// <summary>The real Claude Code (pinned in .agents/) as an MCP client: one <c>claude -p</c> run, offline against the
/// fake model server, as an isolated user (HOME, XDG dirs, CLAUDE_CONFIG_DIR under the sandbox), with
/// <c>--mcp-config</c> mounting <c>shepherd mcp</c> (the binary under test) as the server <c>shepherd</c>, whose tools
/// it sees as <c>mcp__shepherd__*</c>. Claude runs as root here: <c>--dangerously-skip-permissions</c> needs
/// <c>IS_SANDBOX=1</c>.</summary>
public static class ClaudeCode
{
    public static string Bin => Path.Combine(Repo.Root, ".agents", "node_modules", ".bin", "claude");

    /// <summary>Claude's environment: the sandbox's (SHEPHERD_HOME, tmux socket, fake agent), a private user, and the
    /// settings that keep it offline and quiet.</summary>
    public static Dictionary<string, string?> Environment(Sandbox s, FakeModelServer server)
    {
        var env = new Dictionary<string, string?>(s.Env);
        var user = Path.Combine(s.Dir, "claude-user");
        foreach (var (k, v) in Sandbox.PrivateUser(user)) env[k] = v;
        env["ANTHROPIC_BASE_URL"] = server.BaseUrl;
        env["ANTHROPIC_API_KEY"] = "sk-fake-key-0123456789abcdef";
        env["ANTHROPIC_MODEL"] = env["ANTHROPIC_SMALL_FAST_MODEL"] = "fake-model";
        env["CLAUDE_CONFIG_DIR"] = Directory.CreateDirectory(Path.Combine(user, "claude")).FullName;
        env["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = env["DISABLE_AUTOUPDATER"] = env["DISABLE_TELEMETRY"] = env["DISABLE_ERROR_REPORTING"] = "1";
        env["CLAUDE_CODE_MAX_RETRIES"] = "0";
        return env;
    }

    /// <summary>Writes the <c>--mcp-config</c> file: the server <c>shepherd</c> = <c>SHEPHERD_TEST_BIN mcp</c>, with the
    /// sandbox's variables spelled out in its <c>env</c> (whatever Claude passes on by itself).</summary>
    public static string WriteMcpConfig(Sandbox s, IReadOnlyDictionary<string, string?> serverEnv)
    {
        var env = new JsonObject();
        foreach (var (k, v) in serverEnv)
            if (v is not null) env[k] = v;
        var config = new JsonObject
        {
            ["mcpServers"] = new JsonObject
            {
                ["shepherd"] = new JsonObject { ["type"] = "stdio", ["command"] = Repo.ShepherdBin, ["args"] = new JsonArray("mcp"), ["env"] = env },
            },
        };
        var path = Path.Combine(s.Dir, "mcp.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    /// <summary>Runs <c>claude -p PROMPT --output-format json</c> in the sandbox's project directory; on
    /// <paramref name="timeout"/> kills it and every process it started.</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> env, string prompt, IReadOnlyList<string> args, TimeSpan timeout, string cwd)
    {
        if (!File.Exists(Bin)) throw new InvalidOperationException($"{Bin} is missing: run scripts/install-agents.sh");
        var psi = new ProcessStartInfo(Bin)
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = cwd,
        };
        foreach (var a in (string[])["-p", prompt, "--output-format", "json", .. args]) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"claude -p did not finish in {timeout}; stderr so far: {(stderr.IsCompleted ? stderr.Result : "")}");
        }
        return new CliResult(p.ExitCode, await stdout.WaitAsync(TimeSpan.FromSeconds(10)), await stderr.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>The final answer (<c>result</c>) of <c>--output-format json</c>.</summary>
    public static string Result(CliResult run) => JsonDocument.Parse(run.Stdout).RootElement.GetProperty("result").GetString() ?? "";
}
