using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Agents;

/// <summary>An agent defined in config.toml (<see cref="CustomAgent"/>): its argv from the templates, the session id
/// from its stdout JSON or chosen by Shepherd, and a verdict from its exit — a custom agent has no turn-end event
/// Shepherd knows, so exit 0 is a success — its fatal and rate-limit exit codes, its rate-limit and usage-limit
/// messages, and the model APIs' own words for a conversation that cannot go on (<see cref="ConversationErrors"/>). The task's extra arguments go where a template has the word <c>{args}</c>, else at the end.</summary>
public sealed class CustomAdapter(CustomAgent agent) : IAgentAdapter
{
    public string Name => agent.Name;
    public CustomAgent Definition => agent;
    public string TurnEndEvent => "a turn-end event (a custom agent's exit decides)";

    public AgentLaunch Start(AgentContext ctx)
    {
        var id = agent.AssignsSessionId ? Guid.NewGuid().ToString() : null;
        return new(Expand(agent.Start, ctx, ctx.PromptBytes, Path.Combine(ctx.TaskDir, "prompt"), id),
            agent.Prompt == PromptDelivery.Stdin ? ctx.PromptBytes : null, id);
    }

    public AgentLaunch Resume(AgentContext ctx, string sessionId, byte[] prompt)
    {
        var file = Path.Combine(ctx.TaskDir, "resume-prompt");
        if (agent.Prompt == PromptDelivery.File) ShepherdHome.WritePrivateFile(file, prompt);
        return new(Expand(agent.Resume, ctx, prompt, file, sessionId), agent.Prompt == PromptDelivery.Stdin ? prompt : null);
    }

    private static List<string> Expand(IReadOnlyList<string> template, AgentContext ctx, byte[] prompt, string promptFile, string? sessionId)
    {
        var text = Encoding.UTF8.GetString(prompt);
        var argv = new List<string>();
        foreach (var word in template)
        {
            if (word == "{args}") { argv.AddRange(ctx.Task.ExtraArgs); continue; }
            argv.Add(word.Replace("{prompt_file}", promptFile).Replace("{session_id}", sessionId ?? "").Replace("{prompt}", text));
        }
        if (!template.Contains("{args}")) argv.AddRange(ctx.Task.ExtraArgs);
        return argv;
    }

    public bool CanResume(AgentContext ctx, string sessionId) => sessionId.Length > 0;

    public bool TracksAnswers => false;
    public bool HasTranscript => false;

    public string? ExpectedReportedId(AgentContext ctx, string sessionId) => agent.AssignsSessionId ? null : sessionId;

    public AgentOutputParser NewParser(AgentContext ctx) => new Parser(agent);

    public Verdict Classify(ExitStatus exit, AgentRunFacts facts)
    {
        if (exit.Signal is { } sig) return new(AttemptOutcome.Retryable, $"killed by {Signals.Name(sig)}");
        if (exit.Code is not { } code) return new(AttemptOutcome.Retryable, "exit status unknown");
        if (code == 0) return new(AttemptOutcome.Succeeded, "exit 0");
        if (code is 126 or 127) return new(AttemptOutcome.NonRetryable, $"agent could not be executed (exit {code})");
        if (agent.FatalExitCodes.Contains(code)) return new(AttemptOutcome.NonRetryable, $"exit {code} (one of {agent.Name}'s fatal_exit_codes)");
        if (facts.StderrUsageLimit is { } limit)
            return new(AttemptOutcome.Retryable, $"usage limit reached: {Printable.Escape(limit.Message, 300)}") { UsageLimit = limit };
        if (facts.StderrRateLimit is { } line || agent.RateLimitedExitCodes.Contains(code))
        {
            var said = facts.StderrRateLimit;
            return new(AttemptOutcome.Retryable, $"rate limited (exit {code}){(said is null ? "" : ": " + Printable.Escape(said, 160))}",
                ErrorPatterns.RetryAfter(said));
        }
        if (ConversationErrors.HandoffReason(facts.StderrConversationError) is { } why)
            return new(AttemptOutcome.NonRetryable, $"{why} (exit {code}): {Printable.Escape(facts.StderrConversationError!, 160)}") { Handoff = why };
        if (code is > 128 and < 160) return new(AttemptOutcome.Retryable, $"exit {code} (killed by {Signals.Name(code - 128)})");
        return new(AttemptOutcome.Retryable, $"exit {code}");
    }

    /// <summary>Finds the session id in the agent's JSON, and its rate-limit messages and conversation errors on stderr and
    /// in error events.</summary>
    private sealed class Parser(CustomAgent agent) : AgentOutputParser
    {
        private readonly Regex[] _rateLimit =
            [.. agent.RateLimit.Select(p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)))];

        protected override void OnEvent(JsonElement e)
        {
            if (!agent.AssignsSessionId && Facts.SessionId is null && Field(e, agent.SessionField) is { Length: > 0 } id) Facts.SessionId = id;
            var isError = (Str(e, "type")?.Contains("error", StringComparison.OrdinalIgnoreCase) ?? false) || e.TryGetProperty("error", out _);
            if (isError) Saw(e.GetRawText());
        }

        protected override void OnStderr(string line) => Saw(line);

        private void Saw(string text)
        {
            if (UsageLimits.Read(text) is { } limit) Facts.StderrUsageLimit = limit;
            if (_rateLimit.Any(r => Matches(r, text))) Facts.StderrRateLimit = text;
            if (ConversationErrors.HandoffReason(text) is not null) Facts.StderrConversationError = text;
        }

        private static bool Matches(Regex r, string text)
        {
            try { return r.IsMatch(text); }
            catch (RegexMatchTimeoutException) { return false; }
        }

        private static string? Field(JsonElement e, string[] path)
        {
            foreach (var part in path)
            {
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out var next)) return null;
                e = next;
            }
            return e.ValueKind switch { JsonValueKind.String => e.GetString(), JsonValueKind.Number => e.GetRawText(), _ => null };
        }
    }
}
