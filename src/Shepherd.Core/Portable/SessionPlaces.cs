using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Shepherd.Agents;

namespace Shepherd.Portable;

/// <summary>Where each agent keeps a conversation's file, described so that another machine's agent finds it: Codex's
/// rollout under its <c>$CODEX_HOME/sessions</c> (the same dated folders), Claude's transcript in its
/// <c>$CLAUDE_CONFIG_DIR/projects</c> folder of the project directory given at import, Pi's session file as the task's
/// own <c>pi-session.jsonl</c>, Gemini's chat in its folder of the project (registered as Gemini would, see
/// <see cref="GeminiProjects"/>), Qwen's chat in its <c>projects/&lt;project&gt;/chats</c>, and Copilot's whole session
/// folder (<c>session-state/&lt;id&gt;/</c>, file by file). OpenCode keeps its sessions in its database: <c>opencode
/// export</c> and <c>opencode import</c> carry them.</summary>
public static partial class SessionPlaces
{
    public const string CodexSessions = "codex-sessions";
    public const string ClaudeProject = "claude-project";
    public const string PiSession = "pi-session";
    public const string OpenCodeExport = "opencode-export";
    public const string GeminiProject = "gemini-project";
    public const string QwenProject = "qwen-project";
    public const string CopilotSessions = "copilot-sessions";

    [GeneratedRegex(@"^rollout-(\d{4})-(\d{2})-(\d{2})T")]
    private static partial Regex RolloutDate();

    /// <summary>Agents whose session files an export carries (OpenCode's goes through its own export).</summary>
    public static bool Movable(string agent) => agent is "codex" or "claude" or "pi" or "gemini" or "qwen" or "copilot";

    /// <summary>The place and the path inside it of <paramref name="file"/>, one of <paramref name="agent"/>'s session
    /// files as the task's environment <paramref name="env"/> placed it; null for an agent whose files Shepherd cannot move.</summary>
    public static (string Place, string Relative)? Describe(string agent, string file, IReadOnlyDictionary<string, string> env)
    {
        var name = Path.GetFileName(file);
        switch (agent)
        {
            case "codex":
                var sessions = Path.Combine(CodexHome(env), "sessions");
                var rel = Path.GetRelativePath(sessions, file);
                if (rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel))
                    rel = RolloutDate().Match(name) is { Success: true } m ? Path.Combine(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, name) : name;
                return (CodexSessions, rel);
            case "claude": return (ClaudeProject, name);
            case "pi": return (PiSession, name);
            case "gemini": return (GeminiProject, name);
            case "qwen": return (QwenProject, name);
            case "copilot":
                // <id>/events.jsonl, <id>/checkpoints/…: the path inside session-state, wherever the file is read from
                var parts = file.Split('/');
                var at = Array.LastIndexOf(parts, "session-state");
                return at >= 0 && at < parts.Length - 2 ? (CopilotSessions, string.Join('/', parts[(at + 1)..])) : null;
            default: return null;
        }
    }

    /// <summary>Where this machine's agent (environment <paramref name="env"/>) looks for the file, for a task in
    /// <paramref name="projectDir"/> whose own directory is <paramref name="taskDir"/>.</summary>
    public static string Destination(PortableSession s, IReadOnlyDictionary<string, string> env, string projectDir, string taskDir)
    {
        if (s.Relative.Split('/').Any(p => p is "" or "." or ".."))
            throw new FormatException($"session file {Tasks.Printable.Quote(s.Relative)} is not a plain relative path");
        return s.Place switch
        {
            CodexSessions => Path.Combine(CodexHome(env), "sessions", s.Relative),
            ClaudeProject => Path.Combine(ClaudeProjectFolder(env, projectDir), Path.GetFileName(s.Relative)),
            PiSession => Path.Combine(taskDir, "pi-session.jsonl"),
            GeminiProject => Path.Combine(GeminiChats.GeminiDir(env), "tmp", GeminiProjects.ShortName(env, projectDir), "chats", Path.GetFileName(s.Relative)),
            QwenProject => Path.Combine(ResumeReadiness.QwenChats(env, ResumeReadiness.Home(env), projectDir), Path.GetFileName(s.Relative)),
            CopilotSessions => Path.Combine(ResumeReadiness.CopilotSessions(env, ResumeReadiness.Home(env)), s.Relative),
            _ => throw new FormatException($"unknown place {Tasks.Printable.Quote(s.Place)} of a session file"),
        };
    }

    /// <summary>What must exist before the file is put in its place: Gemini's registration of the project directory.</summary>
    public static void Prepare(PortableSession s, IReadOnlyDictionary<string, string> env, string projectDir)
    {
        if (s.Place == GeminiProject) GeminiProjects.Register(env, projectDir);
    }

    /// <summary>The file as the importing machine's agent needs it: Qwen Code resumes a chat only in the directory its
    /// records name (<c>cwd</c>, compared by hash), so a chat moved to another project directory names that one.</summary>
    public static byte[] Adapt(PortableSession s, byte[] bytes, string fromDir, string toDir)
    {
        if (s.Place != QwenProject || fromDir == toDir) return bytes;
        var output = new MemoryStream(bytes.Length + 1024);
        var encoder = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var first = true;
        foreach (var line in bytes.AsSpan().Split((byte)'\n'))
        {
            var record = bytes.AsSpan()[line];
            if (!first) output.WriteByte((byte)'\n');
            first = false;
            JsonObject? o = null;
            try { o = record.IndexOf("\"cwd\""u8) >= 0 ? JsonNode.Parse(record) as JsonObject : null; }
            catch (JsonException) { }
            if (o?["cwd"] is JsonValue cwd && cwd.TryGetValue<string>(out var dir) && dir == fromDir)
            {
                o["cwd"] = toDir;
                using var writer = new Utf8JsonWriter(output, encoder);
                o.WriteTo(writer);
            }
            else output.Write(record);
        }
        return output.ToArray();
    }

    private static string CodexHome(IReadOnlyDictionary<string, string> env) =>
        env.TryGetValue("CODEX_HOME", out var c) && c.Length > 0 ? c : Path.Combine(ResumeReadiness.Home(env), ".codex");

    /// <summary>Claude's folder of a project: its path with every character but letters and digits as '-' (Claude 2.x);
    /// an existing folder of the older form (only '/' replaced) is used as it is.</summary>
    private static string ClaudeProjectFolder(IReadOnlyDictionary<string, string> env, string projectDir)
    {
        var config = env.TryGetValue("CLAUDE_CONFIG_DIR", out var c) && c.Length > 0 ? c : Path.Combine(ResumeReadiness.Home(env), ".claude");
        var projects = Path.Combine(config, "projects");
        var older = Path.Combine(projects, projectDir.Replace('/', '-'));
        return Directory.Exists(older) ? older
            : Path.Combine(projects, new string(projectDir.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray()));
    }
}
