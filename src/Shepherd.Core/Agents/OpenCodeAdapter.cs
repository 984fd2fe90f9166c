using System.Diagnostics;
using System.Text.Json;

namespace Shepherd.Agents;

/// <summary>OpenCode: <c>opencode run --format json</c> with the prompt on stdin and a title Shepherd chooses
/// (no extra title-generation call). Every event carries the <c>ses_…</c> id, but the first event comes only
/// after the first model chunk, so <see cref="FindSessionId"/> asks OpenCode's session list when the run
/// showed none. Resume passes <c>--dir</c> (run from another directory it hangs) and the prompt on stdin.</summary>
public sealed class OpenCodeAdapter(TimeProvider clock) : IAgentAdapter
{
    public string Name => "opencode";

    public static string Title(AgentContext ctx) => $"shepherd-{ctx.Task.Name}-{ctx.Task.Id}";

    public AgentLaunch Start(AgentContext ctx) => new(
        ["run", "--format", "json", "--title", Title(ctx), .. ctx.Task.ExtraArgs],
        ctx.PromptBytes);

    /// <summary>The continue prompt goes on stdin too: an argv word with a space reaches the model wrapped in
    /// double quotes (<c>"Continue the previous task."</c>, seen in the E2E suite).</summary>
    public AgentLaunch Resume(AgentContext ctx, string sessionId, string prompt) => new(
        ["run", "--format", "json", "--session", sessionId, "--dir", ctx.Task.ProjectDir, .. ctx.Task.ExtraArgs],
        System.Text.Encoding.UTF8.GetBytes(prompt));

    /// <summary>How long <c>opencode session list</c> may take (it starts the whole Bun binary and opens its
    /// database; 3–5 s under load was seen).</summary>
    public static TimeSpan SessionListTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>OpenCode prints its first event only after the first model chunk, so a run killed before that
    /// showed no id; its database already has the session. Asks <c>opencode session list --format json</c>
    /// (same environment, so the same XDG data dir; cwd = the project, whose sessions it lists) for the
    /// session carrying the title Shepherd gave it.</summary>
    public string? FindSessionId(AgentContext ctx, string executable, IReadOnlyDictionary<string, string> env)
    {
        var json = RunSessionList(executable, env, ctx.Task.ProjectDir);
        return json is null ? null : PickSession(json, Title(ctx));
    }

    /// <summary>The id of the most recently updated session titled <paramref name="title"/> in the output of
    /// <c>opencode session list --format json</c>; null when there is none or the output is not that list.</summary>
    public static string? PickSession(string json, string title)
    {
        var start = json.IndexOf('[');
        if (start < 0) return null;
        try
        {
            using var doc = JsonDocument.Parse(json.AsMemory(start));
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return null;
            string? best = null;
            double bestUpdated = double.MinValue;
            foreach (var s in doc.RootElement.EnumerateArray())
            {
                if (s.ValueKind != JsonValueKind.Object) continue;
                if (!s.TryGetProperty("title", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() != title) continue;
                if (!s.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String) continue;
                var sid = id.GetString()!;
                if (!sid.StartsWith("ses_", StringComparison.Ordinal)) continue;
                var updated = s.TryGetProperty("updated", out var u) && u.ValueKind == JsonValueKind.Number ? u.GetDouble() : 0;
                if (best is null || updated > bestUpdated) (best, bestUpdated) = (sid, updated);
            }
            return best;
        }
        catch (JsonException) { return null; }
    }

    private static string? RunSessionList(string executable, IReadOnlyDictionary<string, string> env, string cwd)
    {
        var psi = new ProcessStartInfo(executable)
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = cwd,
        };
        foreach (var a in new[] { "session", "list", "--format", "json" }) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in env) psi.Environment[k] = v;
        try
        {
            using var p = Process.Start(psi);
            if (p is null) return null;
            p.StandardInput.Close(); // it reads a non-TTY stdin to EOF
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(SessionListTimeout))
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                p.WaitForExit(2000);
                return null;
            }
            if (!stdout.Wait(TimeSpan.FromSeconds(2))) return null;
            stderr.Wait(TimeSpan.FromSeconds(1));
            return p.ExitCode == 0 ? stdout.Result : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    public AgentOutputParser NewParser(AgentContext ctx) => new Parser(clock);

    private sealed class Parser(TimeProvider clock) : AgentOutputParser(clock)
    {
        protected override void OnJson(JsonElement e)
        {
            if (Str(e, "sessionID") is { } id && id.StartsWith("ses_")) Facts.SessionId ??= id;
            if (Str(e, "type") != "error" || Obj(e, "error") is not { } err) return;
            var data = Obj(err, "data");
            bool? retryable = data is { } d && d.TryGetProperty("isRetryable", out var r) &&
                              r.ValueKind is JsonValueKind.True or JsonValueKind.False ? r.GetBoolean() : null;
            ReportError(data is { } dm ? Str(dm, "message") : Str(err, "name"), data is { } ds ? Int(ds, "statusCode") : null, retryable);
        }

        protected override void OnText(string line, bool fromStderr)
        {
            base.OnText(line, fromStderr);
            if (fromStderr && line.Contains("Session not found")) Facts.SessionMissing = true;
        }
    }
}
