using System.Text.Json.Serialization;
using Shepherd.Tasks;

namespace Shepherd.Cli;

/// <summary>The JSON contract of a task (camelCase), as scripts and orchestrators read it.</summary>
public sealed record TaskView(
    string Name, string Agent, string State, string ProjectDir, string TmuxSession, string? AgentSessionId,
    int Attempts, ExitView? LastExit, string? Reason, bool StopRequested, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? StalledSince, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The user's success check (<c>start --check</c>), if any.</summary>
    public string? Check { get; init; }
    /// <summary>Why the agent's output is not all in the log (a write failed: disk full).</summary>
    public string? OutputError { get; init; }
    public List<AttemptView>? History { get; init; }
    public List<CheckView>? Checks { get; init; }
    public List<string>? LastOutput { get; init; }

    public static TaskView From(TaskRecord t, IReadOnlyList<AttemptRecord> attempts) => new(
        t.Name, t.Agent, t.State.Text(), t.ProjectDir, t.TmuxSession, t.AgentSessionId, attempts.Count,
        attempts.LastOrDefault(a => a.EndedAt is not null) is { } last ? ExitView.From(last) : null,
        t.Reason, t.StopRequested, t.NextAttemptAt, t.StalledSince, t.CreatedAt, t.UpdatedAt)
    {
        Check = t.CheckCommand, OutputError = t.OutputError,
    };
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

public sealed record AttemptView(
    int Number, string Kind, string? AgentSessionId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    ExitView? Exit, string? Outcome, string? Detail, int? Pid, string? BootId, IReadOnlyList<string> Argv)
{
    public static AttemptView From(AttemptRecord a) => new(a.Number, a.Kind, a.AgentSessionId, a.StartedAt, a.EndedAt,
        ExitView.From(a), a.Outcome?.Text(), a.Detail, a.Pid, a.BootId, a.Argv.Select(x => x.Length > 200 ? x[..200] + "…" : x).ToList());
}

public sealed record DoctorCheck(string Name, bool Ok, string Detail);

public sealed record ErrorView(string Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(TaskView))]
[JsonSerializable(typeof(CheckView))]
[JsonSerializable(typeof(List<TaskView>))]
[JsonSerializable(typeof(List<DoctorCheck>))]
[JsonSerializable(typeof(ErrorView))]
internal sealed partial class CliJson : JsonSerializerContext;
