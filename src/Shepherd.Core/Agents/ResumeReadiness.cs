using Shepherd.Tasks;

namespace Shepherd.Agents;

/// <summary>Whether a task's agent could resume its conversation from the task's directory right now,
/// judged from the agent's own files (for <c>shepherd doctor</c>).</summary>
public static class ResumeReadiness
{
    public sealed record Verdict(bool Ok, string Detail);

    public static Verdict Check(TaskRecord task, IReadOnlyDictionary<string, string> env) => Check(task, AgentRegistry.Get(task.Agent), env);

    public static Verdict Check(TaskRecord task, IAgentAdapter agent, IReadOnlyDictionary<string, string> env)
    {
        if (!Directory.Exists(task.ProjectDir)) return new(false, $"project directory {task.ProjectDir} is gone");
        if (AgentRegistry.FindExecutable(agent, env) is not { } exe)
            return new(false, $"{task.Agent} not found with the task's PATH / {AgentRegistry.BinaryVariable(task.Agent)}");
        if (agent is CustomAdapter)
            return new(true, task.AgentSessionId is { } sid ? $"{exe}; resumes session {sid} with its resume template" : $"{exe}; no session yet: the prompt will run again");
        if (task.AgentSessionId is not { } id) return new(true, $"{exe}; no session yet: the prompt will run again");
        var home = Home(env);
        return task.Agent switch
        {
            "codex" => Found(CodexRollout(env, home, id), exe, $"rollout of thread {id}", "codex exec resume works from any directory"),
            "claude" => Found(ClaudeTranscript(env, home, task.ProjectDir, id), exe, $"transcript of session {id} for {task.ProjectDir}",
                "claude resumes only from this directory"),
            "pi" => Found(File.Exists(id) ? id : null, exe, $"session file {id}", "pi resumes from the session file"),
            "gemini" => Found(GeminiChats.Find(env, task.ProjectDir, id), exe, $"chat of session {id} for {task.ProjectDir}",
                "gemini resumes only from this directory"),
            "qwen" => Found(QwenChat(env, home, task.ProjectDir, id), exe, $"chat of session {id} for {task.ProjectDir}", "qwen resumes only from this directory"),
            "copilot" => Found(CopilotSession(env, home, id), exe, $"session state of {id}", "copilot --session-id resumes it"),
            _ => new(true, $"{exe}; resumes session {id} with --dir {task.ProjectDir} (kept in opencode's database)"),
        };
    }

    private static Verdict Found(string? path, string exe, string what, string how) =>
        path is null ? new(false, $"{exe}; {what} not found: the resume would fail") : new(true, $"{exe}; {what} at {path}; {how}");

    /// <summary>Codex's rollout of thread <paramref name="id"/> under <c>$CODEX_HOME/sessions</c>, or null.</summary>
    public static string? CodexRollout(IReadOnlyDictionary<string, string> env, string home, string id)
    {
        var codexHome = env.TryGetValue("CODEX_HOME", out var c) ? c : Path.Combine(home, ".codex");
        var sessions = Path.Combine(codexHome, "sessions");
        return Directory.Exists(sessions)
            ? Directory.EnumerateFiles(sessions, $"rollout-*{id}.jsonl", SearchOption.AllDirectories).FirstOrDefault()
            : null;
    }

    /// <summary>The home directory the agent sees: the task's HOME, else ours.</summary>
    public static string Home(IReadOnlyDictionary<string, string> env) =>
        env.TryGetValue("HOME", out var h) ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>Claude's transcript of session <paramref name="id"/> for <paramref name="projectDir"/>, or null.</summary>
    public static string? ClaudeTranscript(IReadOnlyDictionary<string, string> env, string home, string projectDir, string id)
    {
        var config = env.TryGetValue("CLAUDE_CONFIG_DIR", out var c) ? c : Path.Combine(home, ".claude");
        // Claude names a project's folder after its path with separators (and, in newer versions, every
        // other non-alphanumeric character) replaced by '-'.
        var names = new[] { projectDir.Replace('/', '-'), new string(projectDir.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray()) };
        return names.Select(n => Path.Combine(config, "projects", n, id + ".jsonl")).FirstOrDefault(File.Exists);
    }

    /// <summary>Qwen Code's chat of session <paramref name="id"/>:
    /// <c>$QWEN_RUNTIME_DIR</c> (else <c>$QWEN_HOME</c>, else <c>~/.qwen</c>) <c>/projects/&lt;cwd&gt;/chats/&lt;id&gt;.jsonl</c>, the
    /// directory named after the project's path with every character but ASCII letters and digits turned into '-'
    /// (its <c>sanitizeCwd</c>); null when it is not there.</summary>
    public static string? QwenChat(IReadOnlyDictionary<string, string> env, string home, string projectDir, string id)
    {
        var chat = Path.Combine(QwenChats(env, home, projectDir), id + ".jsonl");
        return File.Exists(chat) ? chat : null;
    }

    /// <summary>The folder of Qwen Code's chats of <paramref name="projectDir"/> (whether or not it exists).</summary>
    public static string QwenChats(IReadOnlyDictionary<string, string> env, string home, string projectDir)
    {
        var root = env.TryGetValue("QWEN_RUNTIME_DIR", out var r) && r.Length > 0 ? r
            : env.TryGetValue("QWEN_HOME", out var q) && q.Length > 0 ? q : Path.Combine(home, ".qwen");
        var project = new string(projectDir.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray());
        return Path.Combine(root, "projects", project, "chats");
    }

    /// <summary>Copilot CLI's state of session <paramref name="id"/>: <c>$COPILOT_HOME</c> (else <c>~/.copilot</c>)
    /// <c>/session-state/&lt;id&gt;/events.jsonl</c>; null when it is not there.</summary>
    public static string? CopilotSession(IReadOnlyDictionary<string, string> env, string home, string id)
    {
        var events = Path.Combine(CopilotSessions(env, home), id, "events.jsonl");
        return File.Exists(events) ? events : null;
    }

    /// <summary>The folder of Copilot CLI's session states (one folder per session id).</summary>
    public static string CopilotSessions(IReadOnlyDictionary<string, string> env, string home) =>
        Path.Combine(env.TryGetValue("COPILOT_HOME", out var c) && c.Length > 0 ? c : Path.Combine(home, ".copilot"), "session-state");
}
