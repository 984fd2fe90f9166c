using System.Text.Json.Serialization;

namespace Shepherd.Web;

/// <summary>A row of the list. <see cref="LastLine"/> is the agent's last readable line (its adapter's words for its
/// last event, or the last line of plain output): the page shows it as text. <see cref="Usage"/> is what the attempts
/// reported, as <c>list</c> says it ("12.3k tokens, $0.42").</summary>
public sealed record TaskRow(
    string Name, string Agent, string State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string? LastExit, string? Reason, string LastLine, bool Stalled, string? Usage);

public sealed record AttemptItem(
    int Number, string Kind, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Exit, string? Outcome, string? Detail,
    string? SessionId, string? Prompt);

public sealed record CheckItem(int Attempt, string Command, DateTimeOffset StartedAt, DateTimeOffset EndedAt, string Result, bool Passed, string Output);

public sealed record NotificationItem(string Notifier, string Event, string Status, int Tries, DateTimeOffset? DeliveredAt, string? LastError);

public sealed record TaskDetail(
    TaskRow Task, string ProjectDir, string TmuxSession, string? SessionId, string? Check, bool StopRequested,
    DateTimeOffset? NextAttemptAt, string? Worktree, string? OutputError, string? HandoffPrompt,
    List<AttemptItem> Attempts, List<CheckItem> Checks, List<NotificationItem> Notifications);

public sealed record StartForm(string? Name, string? Agent, string? Dir, string? Prompt, string? Check, bool Worktree, List<string>? Notify);

public sealed record ResumeForm(string? Prompt);

public sealed record RemoveForm(string? Confirm);

/// <summary>What an action answers: ok, or the CLI's one-line error.</summary>
public sealed record ActionResult(bool Ok, string? Error, string? Task);

public sealed record Agents(List<string> Names);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(List<TaskRow>))]
[JsonSerializable(typeof(TaskDetail))]
[JsonSerializable(typeof(StartForm))]
[JsonSerializable(typeof(ResumeForm))]
[JsonSerializable(typeof(RemoveForm))]
[JsonSerializable(typeof(ActionResult))]
[JsonSerializable(typeof(Agents))]
internal sealed partial class WebJson : JsonSerializerContext;
