using System.Diagnostics;
using System.Text.Json;
using Shepherd.Tests.Support;

namespace Shepherd.E2E;

/// <summary>The pinned Gemini CLI run directly (no Shepherd), as its adapter runs it, in an <see cref="AgentWorld"/>'s
/// isolated user: for the tests that check what ../shared/agents.md says about it.</summary>
internal static class GeminiCli
{
    private static readonly string[] Headless = ["-o", "stream-json", "--skip-trust", "--approval-mode", "yolo"];

    /// <summary>One run with <paramref name="prompt"/> on stdin, to its end.</summary>
    public static Task<CliResult> Run(AgentWorld w, string prompt, string? cwd, params string[] args) =>
        Processes.RunAsync([AgentWorld.AgentBin("gemini"), .. Headless, .. args], w.S.Env, prompt, cwd ?? w.S.Project, TimeSpan.FromSeconds(150));

    /// <summary>A run that leads its own process group (as under Shepherd), its prompt written and stdin closed.</summary>
    public static Process StartInGroup(AgentWorld w, string prompt, params string[] args)
    {
        // setsid(1) execs the CLI in place (our child is no group leader), so the process is the group's leader.
        var psi = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = w.S.Project,
        };
        foreach (var a in new[] { AgentWorld.AgentBin("gemini") }.Concat(Headless).Concat(args)) psi.ArgumentList.Add(a);
        foreach (var (k, v) in w.S.Env)
            if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        p.StandardInput.Write(prompt);
        p.StandardInput.Close();
        return p;
    }

    /// <summary>The stream-json events on stdout.</summary>
    public static List<JsonElement> Events(string stdout) =>
        stdout.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    public static string Type(this JsonElement e) => e.GetProperty("type").GetString()!;

    /// <summary>The chat files of session <paramref name="id"/> where agents.md says Gemini keeps them:
    /// <c>~/.gemini/tmp/&lt;short name of the directory in projects.json&gt;/chats/session-&lt;time&gt;-&lt;id8&gt;.jsonl</c>.</summary>
    public static List<string> ChatFiles(AgentWorld w, string id, string? dir = null)
    {
        var gemini = Path.Combine(w.S.Env["HOME"]!, ".gemini");
        using var projects = JsonDocument.Parse(File.ReadAllText(Path.Combine(gemini, "projects.json")));
        var shortName = projects.RootElement.GetProperty("projects").GetProperty(dir ?? w.S.Project).GetString()!;
        var chats = Path.Combine(gemini, "tmp", shortName, "chats");
        return Directory.Exists(chats) ? Directory.GetFiles(chats, $"session-*-{id[..8]}.jsonl").Order().ToList() : [];
    }
}
