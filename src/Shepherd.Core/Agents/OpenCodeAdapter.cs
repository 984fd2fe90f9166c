using System.Text.Json;

namespace Shepherd.Agents;

/// <summary>OpenCode: <c>opencode run --format json</c> with the prompt on stdin and a title Shepherd chooses
/// (no extra title-generation call). Every event carries the <c>ses_…</c> id, but the first event comes only
/// after the first model chunk, so <see cref="SessionListArguments"/> asks OpenCode's session list when the run
/// showed none. Resume passes <c>--dir</c> (run from another directory it hangs) and the prompt on stdin (an argv
/// word with a space reaches the model wrapped in double quotes). Verdict: its <c>error</c> events (with
/// <c>statusCode</c> and <c>isRetryable</c>; named <c>ContextOverflowError</c>: a handoff), <c>step_finish</c>, and its
/// exit code.</summary>
public sealed class OpenCodeAdapter : IAgentAdapter
{
    public string Name => "opencode";

    public string TurnEndEvent => "step_finish or error";

    public static string Title(AgentContext ctx) => $"shepherd-{ctx.Task.Name}-{ctx.Task.Id}";

    public AgentLaunch Start(AgentContext ctx) => new(
        ["run", "--format", "json", "--title", Title(ctx), .. ctx.Task.ExtraArgs],
        ctx.PromptBytes);

    public AgentLaunch Resume(AgentContext ctx, string sessionId, byte[] prompt) => new(
        ["run", "--format", "json", "--session", sessionId, "--dir", ctx.Task.ProjectDir, .. ctx.Task.ExtraArgs], prompt);

    /// <summary>OpenCode prints its first event only after the first model chunk, so a run killed before that
    /// showed no id; its database already has the session. <c>opencode session list --format json</c> (same
    /// environment, so the same XDG data dir; cwd = the project, whose sessions it lists) has it under the title
    /// Shepherd gave it. It starts the whole Bun binary and opens its database: 3–7 s under load were seen, and over
    /// 15 s on a 2-core machine with a load of 10.</summary>
    public IReadOnlyList<string>? SessionListArguments => ["session", "list", "--format", "json"];

    public string? PickSession(AgentContext ctx, string output) => PickSession(output, Title(ctx));

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

    public TranscriptLine? Describe(JsonElement e) => OpenCodeTranscript.Describe(e);

    /// <summary>Each <c>step_finish</c>: <c>part.tokens</c> (OpenCode takes the cache out of <c>input</c> and reasoning out of
    /// <c>output</c>; both are added back) and <c>part.cost</c> (0 when it has no price for the model), per step.</summary>
    public Spend.Usage? UsageIn(JsonElement e)
    {
        if (AgentOutputParser.Str(e, "type") != "step_finish" || AgentOutputParser.Obj(e, "part") is not { } part) return null;
        var t = AgentOutputParser.Obj(part, "tokens");
        long? F(string path) => t is { } tokens ? AgentOutputParser.Long(tokens, path) : null;
        var usage = new Spend.Usage(AgentOutputParser.Plus(F("input"), F("cache.read"), F("cache.write")), F("cache.read"),
            AgentOutputParser.Plus(F("output"), F("reasoning")), AgentOutputParser.Decimal(part, "cost"));
        return usage.IsEmpty ? null : usage;
    }

    public AgentOutputParser NewParser(AgentContext ctx) => new Parser();

    private sealed class Parser : AgentOutputParser
    {
        protected override void OnEvent(JsonElement e)
        {
            if (Str(e, "sessionID") is { } id && id.StartsWith("ses_"))
            {
                Facts.ReportedId ??= id;
                Facts.SessionId ??= id;
            }
            switch (Str(e, "type"))
            {
                case "text":
                    Facts.Answered = true;
                    break;
                case "step_finish":
                    Facts.Answered = true;
                    Terminal(TerminalEvent.Finished);
                    break;
                case "error" when Obj(e, "error") is { } err:
                    var data = Obj(err, "data");
                    Terminal(new TerminalEvent(false, data is { } dm ? Str(dm, "message") ?? Str(err, "name") : Str(err, "name"),
                        data is { } ds ? Int(ds, "statusCode") : null, data is { } dr ? Bool(dr, "isRetryable") : null)
                    {
                        // OpenCode's own reading of the API error (its compaction, tried first, did not help).
                        Handoff = Str(err, "name") == "ContextOverflowError" ? ConversationErrors.PastContextWindow : null,
                    });
                    break;
            }
        }

        protected override void OnStderr(string line)
        {
            if (line.Contains("Session not found")) Facts.SessionMissing = true;
        }
    }
}
