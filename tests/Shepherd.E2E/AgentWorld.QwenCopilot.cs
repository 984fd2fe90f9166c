using System.Diagnostics;
using System.Text.RegularExpressions;
using Shepherd.Tests.Support;

namespace Shepherd.E2E;

/// <summary>What a new user of Qwen Code or Copilot CLI has, pointed at this test's fake server (docs/e2e-matrix.md):
/// set only for the world of that agent, so the other agents never see it.</summary>
public sealed partial class AgentWorld
{
    /// <summary>How Qwen's own chat call after each turn (memory extraction) begins; the server answers it "OK".</summary>
    public const string QwenMemoryCall = "Managed memory has TWO directories.";

    private const string QwenKey = "sk-fake-qwen-key-0123456789", CopilotKey = "sk-fake-copilot-key-0123456789";

    private void ConfigureQwenOrCopilot(Dictionary<string, string?> env, string user)
    {
        // The fake agent's homes that Sandbox sets: the real CLIs keep theirs under the private HOME, like a new user.
        env["QWEN_HOME"] = env["COPILOT_HOME"] = null;
        var home = env["HOME"]!;
        if (Agent == "qwen")
        {
            env["OPENAI_API_KEY"] = QwenKey;
            env["OPENAI_BASE_URL"] = Server.V1Url;
            env["OPENAI_MODEL"] = "fake-model";
            // The auth type a new user picks for an OpenAI-compatible server, and its documented retry settings turned down
            // (by default a 429 is retried 10 times from 60 s on; 0 is not taken for the rate-limit retries).
            var qwen = Directory.CreateDirectory(Path.Combine(home, ".qwen")).FullName;
            File.WriteAllText(Path.Combine(qwen, "settings.json"),
                """{"security":{"auth":{"selectedType":"openai"}},"model":{"generationConfig":{"maxRetries":1,"retryInitialDelayMs":1000,"retryMaxDelayMs":2000}}}""");
        }
        if (Agent == "copilot")
        {
            env["COPILOT_OFFLINE"] = "true";
            env["COPILOT_PROVIDER_BASE_URL"] = Server.V1Url;
            env["COPILOT_PROVIDER_API_KEY"] = CopilotKey;
            env["COPILOT_MODEL"] = "fake-model";
            ShareCopilotPackage(env["XDG_CACHE_HOME"]!);
        }
    }

    /// <summary>The prompt of a turn as the user gave it: Copilot sends it after a <c>&lt;current_datetime&gt;</c> line.</summary>
    public static string TurnText(string lastUserText) => CopilotDate().Replace(lastUserText, "");

    [GeneratedRegex(@"^<current_datetime>[^<]*</current_datetime>\n\n")]
    private static partial Regex CopilotDate();

    private static readonly Lazy<string> CopilotPackage = new(ExtractCopilotPackage, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Copilot's first run unpacks its 235 MB package into <c>$XDG_CACHE_HOME/copilot/pkg</c> (20–30 s here), every
    /// later run reuses it: each test's user gets the one unpacked once for this checkout, as a user has it after a first run.</summary>
    private static void ShareCopilotPackage(string cache)
    {
        var link = Path.Combine(Directory.CreateDirectory(Path.Combine(cache, "copilot")).FullName, "pkg");
        if (!Path.Exists(link)) File.CreateSymbolicLink(link, CopilotPackage.Value);
    }

    private static string ExtractCopilotPackage()
    {
        var cache = Path.Combine(Repo.Root, ".agents", "copilot-cache");
        var home = Directory.CreateDirectory(Path.Combine(cache, "home")).FullName;
        var start = new ProcessStartInfo(AgentBin("copilot"), "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["XDG_CACHE_HOME"] = cache;
        start.Environment["HOME"] = home;
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)) || p.ExitCode != 0)
            throw new InvalidOperationException($"copilot --version failed while unpacking its package: {output}");
        return Path.Combine(cache, "copilot", "pkg");
    }

    /// <summary>The conversation the real CLI keeps for <paramref name="id"/> under the private HOME, or null: Qwen's
    /// <c>~/.qwen/projects/&lt;project path, every character but letters and digits as '-'&gt;/chats/ID.jsonl</c>, Copilot's
    /// <c>~/.copilot/session-state/ID/events.jsonl</c>.</summary>
    public string? OwnSessionFile(string id)
    {
        var home = S.Env["HOME"]!;
        var file = Agent == "qwen"
            ? Path.Combine(home, ".qwen", "projects", Regex.Replace(S.Project, "[^A-Za-z0-9]", "-"), "chats", id + ".jsonl")
            : Path.Combine(home, ".copilot", "session-state", id, "events.jsonl");
        return File.Exists(file) ? file : null;
    }
}
