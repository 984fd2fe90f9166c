using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;

namespace Shepherd.Runner;

/// <summary>The prompt that opens a fresh conversation when the task's own cannot go on: everything Shepherd knows of
/// the task — its prompt, every follow-up and failed check since in order, the agent's last messages, and in a git
/// project what changed since the task began — with a line saying the work continues an interrupted task whose changes
/// are already in the working tree.</summary>
public static class HandoffPrompt
{
    public const int MaxMessages = 8 * 1024;
    public const int MaxGit = 4 * 1024;
    private const int LogTail = 512 * 1024;

    /// <summary>One follow-up or failed check, in the order they came.</summary>
    public sealed record Turn(DateTimeOffset At, string What, string Text);

    public sealed record Facts(string ProjectDir, string Reason, string Original, IReadOnlyList<Turn> Since, IReadOnlyList<string> LastMessages,
        string? GitStatus, string? GitDiffStat, string? StartCommit);

    public static string Compose(Facts f)
    {
        var b = new StringBuilder();
        b.AppendLine("This continues an interrupted task. Its earlier conversation could not go on " +
                     $"({f.Reason}), so this is a fresh one. The work done so far is already in the working tree of {f.ProjectDir}: " +
                     "look at it, then carry the task on from where it stands; do not start over.");
        b.AppendLine().AppendLine("## The task").AppendLine(f.Original.TrimEnd());
        if (f.Since.Count > 0)
        {
            b.AppendLine().AppendLine("## Since then, in order");
            foreach (var t in f.Since) b.AppendLine($"- {t.What} ({t.At:u}):").AppendLine(Indent(t.Text.TrimEnd()));
        }
        if (f.LastMessages.Count > 0)
        {
            b.AppendLine().AppendLine("## Your last messages before the interruption");
            foreach (var m in f.LastMessages) b.AppendLine(Indent(m.TrimEnd()));
        }
        if (f.GitStatus is not null || f.GitDiffStat is not null)
        {
            b.AppendLine().AppendLine("## The working tree now");
            if (f.GitStatus is not null) b.AppendLine("git status --short:").AppendLine(Indent(f.GitStatus.Length == 0 ? "(clean)" : f.GitStatus.TrimEnd()));
            if (f.GitDiffStat is not null) b.AppendLine($"git diff --stat {f.StartCommit} (the commit the task began from):").AppendLine(Indent(f.GitDiffStat.Length == 0 ? "(no change)" : f.GitDiffStat.TrimEnd()));
        }
        return b.ToString();
    }

    /// <summary>The agent's last messages, from the end of the task's log, at most <see cref="MaxMessages"/> characters.</summary>
    public static List<string> LastMessages(string logPath, IAgentAdapter agent)
    {
        var found = new List<string>();
        var size = 0;
        foreach (var line in Enumerable.Reverse(Transcript.Lines(logPath, agent, LogTail)))
        {
            if (size >= MaxMessages) break;
            if (line is not { Kind: "said", Text.Length: > 0 }) continue;
            var text = size + line.Text.Length > MaxMessages ? "…" + line.Text[^(MaxMessages - size)..] : line.Text;
            found.Add(text);
            size += text.Length;
        }
        found.Reverse();
        return found;
    }

    /// <summary><c>git status --short</c> and <c>git diff --stat START</c> in the project, each bounded; nulls when it is
    /// not a git project or git is not there.</summary>
    public static (string? Status, string? DiffStat) Git(ICommandRunner commands, string projectDir, string? startCommit)
    {
        if (startCommit is null) return (null, null);
        var env = TaskEnvironment.Current();
        env["GIT_TERMINAL_PROMPT"] = "0";
        env["LC_ALL"] = "C";
        string? Run(params string[] args)
        {
            var r = commands.Run(new CommandSpec(["git", "-C", projectDir, .. args], TimeSpan.FromSeconds(10)) { Environment = env });
            return r.Ok ? Bound(r.Stdout) : null;
        }
        return (Run("status", "--short"), Run("diff", "--stat", startCommit));
    }

    private static string Bound(string s) => s.Length <= MaxGit ? s : s[..MaxGit] + "\n…";

    private static string Indent(string s) => string.Join('\n', s.Split('\n').Select(l => "    " + l));
}
