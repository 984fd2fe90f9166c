using System.Text.RegularExpressions;
using Shepherd.Agents;

namespace Shepherd.Portable;

/// <summary>Where each agent keeps a conversation's file, described so that another machine's agent finds it: Codex's
/// rollout under its <c>$CODEX_HOME/sessions</c> (the same dated folders), Claude's transcript in its
/// <c>$CLAUDE_CONFIG_DIR/projects</c> folder of the project directory given at import, Pi's session file as the task's
/// own <c>pi-session.jsonl</c>. OpenCode keeps its sessions in its database: <c>opencode export</c> and <c>opencode
/// import</c> carry them.</summary>
public static partial class SessionPlaces
{
    public const string CodexSessions = "codex-sessions";
    public const string ClaudeProject = "claude-project";
    public const string PiSession = "pi-session";
    public const string OpenCodeExport = "opencode-export";

    [GeneratedRegex(@"^rollout-(\d{4})-(\d{2})-(\d{2})T")]
    private static partial Regex RolloutDate();

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
            _ => throw new FormatException($"unknown place {Tasks.Printable.Quote(s.Place)} of a session file"),
        };
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
