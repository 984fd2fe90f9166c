namespace Shepherd.FakeAgent;

/// <summary>Which CLI the argv imitates, whether it is a resume, and of what.</summary>
internal sealed record Invocation(string Flavor, bool Resume, string? SessionArg, string? ArgvPrompt, string? Dir, IReadOnlyList<string> Argv)
{
    public static Invocation? Parse(string[] a)
    {
        string? After(string flag) => Array.IndexOf(a, flag) is var i and >= 0 && i + 1 < a.Length ? a[i + 1] : null;
        string? LastPositional(int skip) => a.Length > skip && !a[^1].StartsWith('-') ? a[^1] : null;
        if (a.Length > 0 && a[0] == "exec")
        {
            var resume = Array.IndexOf(a, "resume");
            if (resume > 0)
            {
                // exec [exec options] resume [options] ID [PROMPT|-]: the positionals after "resume"
                var words = a[(resume + 1)..].Where(w => w == "-" || !w.StartsWith('-')).ToList();
                var prompt = words.Count > 1 && words[1] != "-" ? words[1] : null;
                return new("codex", true, words.FirstOrDefault(), prompt, null, a);
            }
            return new("codex", false, null, a[^1] == "-" ? null : LastPositional(1), null, a);
        }
        if (a.Length > 1 && a[0] == "session" && a[1] == "list") return new("opencode-session-list", false, null, null, null, a);
        if (a is ["export", var id]) return new("opencode-export", false, id, null, null, a);
        if (a is ["import", var file]) return new("opencode-import", false, file, null, null, a);
        if (a.Length > 0 && a[0] == "run")
            return new("opencode", After("--session") is not null, After("--session"), OddPrompt(a, 1), After("--dir"), a);
        if (a.Contains("--yolo") && a.Contains("-o"))
            return new("qwen", After("--resume") is not null, After("--resume") ?? After("--session-id"), null, null, a);
        if (a.Contains("--allow-all-tools") && After("--session-id") is { } copilotId)
            return new("copilot", File.Exists(SessionFiles.CopilotEvents(copilotId)), copilotId, null, null, a);
        if (a.Contains("-p") && a.Contains("--output-format"))
            return new("claude", After("--resume") is not null, After("--resume") ?? After("--session-id"), OddPrompt(a, 1), null, a);
        if (a.Contains("-o") && a.Contains("stream-json")) // gemini: the prompt on stdin (or -p), --session-id or --resume
            return new("gemini", After("--resume") is not null, After("--resume") ?? After("--session-id"), After("-p"), null, a);
        if (a.Contains("-p") && a.Contains("--mode"))
            return new("pi", File.Exists(After("--session") ?? ""), After("--session"), OddPrompt(a, 1), null, a);
        return null;
    }

    /// <summary>The last argv word when it is not the value of a flag.</summary>
    private static string? OddPrompt(string[] a, int skip)
    {
        if (a.Length <= skip) return null;
        var last = a[^1];
        var prev = a.Length >= 2 ? a[^2] : "";
        return !last.StartsWith('-') && !(prev.StartsWith("--") && prev is not "--verbose" and not "--dangerously-skip-permissions") ? last : null;
    }
}
