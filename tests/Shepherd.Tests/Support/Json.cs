using System.Text.Json;

namespace Shepherd.Tests.Support;

/// <summary>Readable accessors for the task JSON that <c>shepherd status --json</c> prints.</summary>
public static class TaskJson
{
    public static string State(this JsonElement t) => t.GetProperty("state").GetString()!;
    public static int Attempts(this JsonElement t) => t.GetProperty("attempts").GetInt32();
    public static string? SessionId(this JsonElement t) => t.GetProperty("agentSessionId").GetString();
    public static string? Reason(this JsonElement t) => t.GetProperty("reason").GetString();
    public static List<JsonElement> History(this JsonElement t) => t.GetProperty("history").EnumerateArray().ToList();
    public static string Kind(this JsonElement attempt) => attempt.GetProperty("kind").GetString()!;
    public static string? Outcome(this JsonElement attempt) => attempt.GetProperty("outcome").GetString();
    public static int? Pid(this JsonElement attempt) => attempt.GetProperty("pid") is { ValueKind: JsonValueKind.Number } p ? p.GetInt32() : null;
    public static int? ExitCode(this JsonElement attempt) =>
        attempt.GetProperty("exit") is { ValueKind: JsonValueKind.Object } e && e.GetProperty("code") is { ValueKind: JsonValueKind.Number } c ? c.GetInt32() : null;
    public static int? Signal(this JsonElement attempt) =>
        attempt.GetProperty("exit") is { ValueKind: JsonValueKind.Object } e && e.GetProperty("signal") is { ValueKind: JsonValueKind.Number } c ? c.GetInt32() : null;
    public static List<string> Argv(this JsonElement attempt) => attempt.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!).ToList();
    public static bool IsRunning(this JsonElement t) => t.State() == "running" && t.History().LastOrDefault() is { } a && a.Pid() is not null
        && a.GetProperty("endedAt").ValueKind == JsonValueKind.Null;
}
