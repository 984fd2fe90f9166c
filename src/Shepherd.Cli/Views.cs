using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Cli;

/// <summary>The JSON contract of a task (camelCase), as scripts and orchestrators read it.</summary>
public sealed record TaskView(
    string Name, string Agent, string State, string ProjectDir, string TmuxSession, string? AgentSessionId,
    int Attempts, ExitView? LastExit, string? Reason, bool StopRequested, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? StalledSince, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Not final, and no runner holds the task (only present when true): nothing will move it until
    /// <c>shepherd recover</c> or a daemon gives it a runner.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Orphaned { get; init; }
    /// <summary>How many times the task went on in a fresh conversation with a handoff prompt (only when it did).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Handoffs { get; init; }
    /// <summary>The user's success check (<c>start --check</c>), if any.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Check { get; init; }
    /// <summary>Why the agent's output is not all in the log (a write failed: disk full).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OutputError { get; init; }
    // Only status has these; list and the other commands leave them out rather than print null.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AttemptView>? History { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<CheckView>? Checks { get; init; }
    /// <summary>The last lines of the log as the agent printed them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? LastOutput { get; init; }
    /// <summary>The last lines of the readable transcript: what the agent said and ran, its errors, turns' ends.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<TranscriptView>? Transcript { get; init; }
    /// <summary>The prompt waiting for the task's next attempt (follow-ups, or a failed check's output), while it waits.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? QueuedPrompt { get; init; }

    /// <summary>The task's notifiers and the kinds each gets (status only; left out when it has none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<NotifierView>? Notify { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<NotificationView>? Notifications { get; init; }
    /// <summary>The copies of the agent's session files kept in the task's directory, oldest first.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<SnapshotView>? Snapshots { get; init; }
    /// <summary>What runs the runner when it is not tmux on this machine: <c>run</c> or <c>slurm</c>, with the engine's job
    /// (a Slurm job id), the node the last run ran on, and the run holding the task's lease.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Engine { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EngineJob { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Node { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LeaseHolder { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? LeaseUntil { get; init; }
    // Only tasks started with --worktree have one (status and list show it).
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WorktreeView? Worktree { get; init; }
    /// <summary>The tokens and cost all attempts reported (only when the agent reported any).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UsageView? Usage { get; init; }
    /// <summary>The task's budgets (only those it has).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MaxTokens { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? MaxCostUsd { get; init; }

    public static TaskView From(TaskRecord t, IReadOnlyList<AttemptRecord> attempts) =>
        From(t, (attempts.LastOrDefault(a => a.EndedAt is not null) is { } last
            ? new AttemptSummary(attempts.Count, true, last.ExitCode, last.Signal, attempts.Count(a => a.Kind == "handoff"))
            : new AttemptSummary(attempts.Count, false, null, null, attempts.Count(a => a.Kind == "handoff")))
            with { Usage = Spend.Usage.Total(attempts.Select(a => a.Usage)) });

    public static TaskView From(TaskRecord t, AttemptSummary? attempts) => new(
        t.Name, t.Agent, t.State.Text(), t.ProjectDir, t.TmuxSession, t.AgentSessionId, attempts?.Count ?? 0,
        attempts is { AnyEnded: true } a && (a.LastExitCode is not null || a.LastSignal is not null) ? new ExitView(a.LastExitCode, a.LastSignal) : null,
        t.Reason, t.StopRequested, t.NextAttemptAt, t.StalledSince, t.CreatedAt, t.UpdatedAt)
    {
        Check = t.CheckCommand, OutputError = t.OutputError, Handoffs = attempts?.Handoffs ?? 0,
        Usage = UsageView.From(attempts?.Usage), MaxTokens = t.MaxTokens, MaxCostUsd = t.MaxCostUsd,
        Engine = t.Engine == Engines.Tmux ? null : t.Engine, EngineJob = t.EngineJob, Node = t.EngineNode,
        LeaseHolder = t.LeaseHolder, LeaseUntil = t.LeaseUntil,
    };
}

/// <param name="Kind">said, ran, error, turn, session, note (Shepherd's own) or text (a line that is not an event).</param>
public sealed record TranscriptView(string Kind, string Text);

/// <summary>Tokens and cost as the agent reported them; a field it did not report is left out.</summary>
public sealed record UsageView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? InputTokens,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? CachedInputTokens,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? OutputTokens,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? CostUsd)
{
    public static UsageView? From(Spend.Usage? u) => u is null || u.IsEmpty ? null : new(u.InputTokens, u.CachedInputTokens, u.OutputTokens, u.CostUsd);

    /// <summary>"12.3k tokens, $0.42", as list and status show it.</summary>
    public string Short() => new Spend.Usage(InputTokens, CachedInputTokens, OutputTokens, CostUsd).Short();
}

public sealed record SnapshotView(int Attempt, long Bytes, DateTimeOffset TakenAt)
{
    public static SnapshotView From(Runner.SessionSnapshots.Snapshot s) => new(s.Attempt, s.Bytes, s.TakenAt);
}

public sealed record CheckView(int Attempt, string Command, DateTimeOffset StartedAt, DateTimeOffset EndedAt, int? ExitCode, int? Signal,
    bool TimedOut, bool Passed, string Output)
{
    public static CheckView From(CheckRecord c) =>
        new(c.AttemptNumber, c.Command, c.StartedAt, c.EndedAt, c.ExitCode, c.Signal, c.TimedOut, c.Passed, c.Output);
}

public sealed record ExitView(int? Code, int? Signal)
{
    public static ExitView? From(AttemptRecord a) => a.ExitCode is null && a.Signal is null ? null : new(a.ExitCode, a.Signal);
}

/// <param name="Answered">The agent answered the prompt the attempt gave it.</param>
/// <param name="Prompt">Which prompt that was: original, follow-up, continue, or handoff:N (the handoff-N.md it opened).</param>
public sealed record AttemptView(
    int Number, string Kind, string? AgentSessionId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    ExitView? Exit, string? Outcome, string? Detail, int? Pid, string? BootId, IReadOnlyList<string> Argv, bool Answered, string? Prompt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UsageView? Usage { get; init; }

    public static AttemptView From(AttemptRecord a) => new(a.Number, a.Kind, a.AgentSessionId, a.StartedAt, a.EndedAt,
        ExitView.From(a), a.Outcome?.Text(), a.Detail, a.Pid, a.BootId, a.Argv.Select(x => x.Length > 200 ? x[..200] + "…" : x).ToList(),
        a.Answered, a.Prompt) { Usage = UsageView.From(a.Usage) };
}

/// <summary>One doctor line: <c>level</c> is ok, warn (worth knowing, not a failure) or fail; <c>ok</c> is level == ok.</summary>
public sealed record DoctorCheck(string Name, bool Ok, string Level, string Detail)
{
    public const string Pass = "ok";
    public const string Warn = "warn";
    public const string Fail = "fail";

    public static DoctorCheck Of(string name, bool ok, string detail) => new(name, ok, ok ? Pass : Fail, detail);
}

public sealed record ErrorView(string Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(TaskView))]
[JsonSerializable(typeof(CheckView))]
[JsonSerializable(typeof(List<TaskView>))]
[JsonSerializable(typeof(List<DoctorCheck>))]
[JsonSerializable(typeof(ErrorView))]
internal sealed partial class CliJson : JsonSerializerContext
{
    /// <summary>Like <see cref="Default"/>, but writes text as it is (<c>"</c> and <c>→</c>, not <c>\u0022</c> and
    /// <c>\u2192</c>); control characters stay escaped, as JSON requires.</summary>
    public static CliJson Relaxed { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
