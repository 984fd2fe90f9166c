using System.Text.Json;
using Shepherd.Tasks;

namespace Shepherd.Portable;

/// <summary>One of the agent's session files in an export: its bytes at <see cref="Stored"/> in the archive, and where an
/// agent keeps it (<see cref="SessionPlaces"/>): <see cref="Place"/> names the agent's store, <see cref="Relative"/> the
/// file's path inside it.</summary>
public sealed record PortableSession(string Stored, string Place, string Relative);

/// <summary><c>task.json</c> of an export: the task's record, attempts and checks, and its session files.</summary>
public sealed record TaskManifest(TaskRecord Task, IReadOnlyList<AttemptRecord> Attempts, IReadOnlyList<CheckRecord> Checks,
    IReadOnlyList<PortableSession> Session, DateTimeOffset ExportedAt, string ExportedFrom, bool WithEnv)
{
    public const string Format = "shepherd-task";
    public const int Version = 1;

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteString("exportedAt", ExportedAt);
            w.WriteString("exportedFrom", ExportedFrom);
            w.WriteBoolean("withEnv", WithEnv);
            WriteTask(w, Task);
            w.WriteStartArray("attempts");
            foreach (var a in Attempts) WriteAttempt(w, a);
            w.WriteEndArray();
            w.WriteStartArray("checks");
            foreach (var c in Checks) WriteCheck(w, c);
            w.WriteEndArray();
            w.WriteStartArray("session");
            foreach (var s in Session)
            {
                w.WriteStartObject();
                w.WriteString("stored", s.Stored);
                w.WriteString("place", s.Place);
                w.WriteString("relative", s.Relative);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteTask(Utf8JsonWriter w, TaskRecord t)
    {
        w.WriteStartObject("task");
        w.WriteString("name", t.Name);
        w.WriteString("agent", t.Agent);
        w.WriteString("projectDir", t.ProjectDir);
        w.WriteString("state", t.State.Text());
        w.WriteString("reason", t.Reason);
        w.WriteString("agentSessionId", t.AgentSessionId);
        Strings(w, "extraArgs", t.ExtraArgs);
        Strings(w, "notify", t.Notify);
        w.WriteNumber("backoffMs", Ms(t.Policy.InitialBackoff));
        w.WriteNumber("backoffMaxMs", Ms(t.Policy.MaxBackoff));
        w.WriteNumber("maxRestarts", t.Policy.MaxRestarts);
        w.WriteNumber("restartWindowMs", Ms(t.Policy.Window));
        w.WriteNumber("healthyAfterMs", Ms(t.Policy.HealthyAfter));
        w.WriteNumber("maxRuntimeMs", Ms(t.Policy.MaxRuntime));
        w.WriteString("checkCommand", t.CheckCommand);
        w.WriteNumber("checkTimeoutMs", Ms(t.CheckTimeout));
        w.WriteString("resumePrompt", t.ResumePrompt);
        w.WriteNumber("budgetFrom", t.BudgetFrom);
        w.WriteNumber("maxHandoffs", t.MaxHandoffs);
        w.WriteString("handoffReason", t.HandoffReason);
        w.WriteString("startCommit", t.StartCommit);
        w.WriteString("createdAt", t.CreatedAt);
        w.WriteEndObject();
    }

    private static void WriteAttempt(Utf8JsonWriter w, AttemptRecord a)
    {
        w.WriteStartObject();
        w.WriteNumber("number", a.Number);
        w.WriteString("kind", a.Kind);
        w.WriteString("agentSessionId", a.AgentSessionId);
        w.WriteString("startedAt", a.StartedAt);
        if (a.EndedAt is { } e) w.WriteString("endedAt", e); else w.WriteNull("endedAt");
        Number(w, "exitCode", a.ExitCode);
        Number(w, "signal", a.Signal);
        w.WriteString("outcome", a.Outcome?.Text());
        w.WriteString("detail", a.Detail);
        Strings(w, "argv", a.Argv);
        if (a.RunTime is { } r) w.WriteNumber("runMs", Ms(r)); else w.WriteNull("runMs");
        w.WriteBoolean("answered", a.Answered);
        w.WriteString("prompt", a.Prompt);
        w.WriteEndObject();
    }

    private static void WriteCheck(Utf8JsonWriter w, CheckRecord c)
    {
        w.WriteStartObject();
        w.WriteNumber("attempt", c.AttemptNumber);
        w.WriteString("command", c.Command);
        w.WriteString("startedAt", c.StartedAt);
        w.WriteString("endedAt", c.EndedAt);
        Number(w, "exitCode", c.ExitCode);
        Number(w, "signal", c.Signal);
        w.WriteBoolean("timedOut", c.TimedOut);
        w.WriteString("output", c.Output);
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> items)
    {
        w.WriteStartArray(name);
        foreach (var i in items) w.WriteStringValue(i);
        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, string name, int? n)
    {
        if (n is { } v) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    private static long Ms(TimeSpan t) => (long)t.TotalMilliseconds;

    /// <summary>Reads <c>task.json</c>; a FormatException says what is wrong with it.</summary>
    public static TaskManifest FromJson(byte[] json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            if (Str(r, "format") != Format) throw new FormatException("task.json is not a Shepherd task");
            if (r.GetProperty("version").GetInt32() is var v && v != Version)
                throw new FormatException($"export format version {v}, this shepherd reads version {Version}");
            var t = r.GetProperty("task");
            var task = new TaskRecord
            {
                Name = Req(t, "name"), Agent = Req(t, "agent"), ProjectDir = Req(t, "projectDir"), TmuxSession = "",
                State = TaskStates.Parse(Req(t, "state")), Reason = Str(t, "reason"), AgentSessionId = Str(t, "agentSessionId"),
                ExtraArgs = List(t, "extraArgs"), Notify = List(t, "notify"),
                Policy = new RestartPolicy
                {
                    InitialBackoff = MsOf(t, "backoffMs"), MaxBackoff = MsOf(t, "backoffMaxMs"), MaxRestarts = t.GetProperty("maxRestarts").GetInt32(),
                    Window = MsOf(t, "restartWindowMs"), HealthyAfter = MsOf(t, "healthyAfterMs"), MaxRuntime = MsOf(t, "maxRuntimeMs"),
                },
                CheckCommand = Str(t, "checkCommand"), CheckTimeout = MsOf(t, "checkTimeoutMs"), ResumePrompt = Str(t, "resumePrompt"),
                BudgetFrom = t.GetProperty("budgetFrom").GetInt32(), MaxHandoffs = t.GetProperty("maxHandoffs").GetInt32(),
                HandoffReason = Str(t, "handoffReason"), StartCommit = Str(t, "startCommit"), CreatedAt = t.GetProperty("createdAt").GetDateTimeOffset(),
            };
            var attempts = r.GetProperty("attempts").EnumerateArray().Select(a => new AttemptRecord
            {
                Number = a.GetProperty("number").GetInt32(), Kind = Req(a, "kind"), AgentSessionId = Str(a, "agentSessionId"),
                StartedAt = a.GetProperty("startedAt").GetDateTimeOffset(),
                EndedAt = a.GetProperty("endedAt").ValueKind == JsonValueKind.Null ? null : a.GetProperty("endedAt").GetDateTimeOffset(),
                ExitCode = Int(a, "exitCode"), Signal = Int(a, "signal"), Outcome = AttemptOutcomes.Parse(Str(a, "outcome")), Detail = Str(a, "detail"),
                Argv = List(a, "argv"), RunTime = Int64(a, "runMs") is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
                Answered = a.GetProperty("answered").GetBoolean(), Prompt = Str(a, "prompt"),
            }).ToList();
            var checks = r.GetProperty("checks").EnumerateArray().Select(c => new CheckRecord
            {
                AttemptNumber = c.GetProperty("attempt").GetInt32(), Command = Req(c, "command"),
                StartedAt = c.GetProperty("startedAt").GetDateTimeOffset(), EndedAt = c.GetProperty("endedAt").GetDateTimeOffset(),
                ExitCode = Int(c, "exitCode"), Signal = Int(c, "signal"), TimedOut = c.GetProperty("timedOut").GetBoolean(), Output = Str(c, "output") ?? "",
            }).ToList();
            var session = r.GetProperty("session").EnumerateArray()
                .Select(s => new PortableSession(Req(s, "stored"), Req(s, "place"), Req(s, "relative"))).ToList();
            return new TaskManifest(task, attempts, checks, session, r.GetProperty("exportedAt").GetDateTimeOffset(),
                Str(r, "exportedFrom") ?? "", r.GetProperty("withEnv").GetBoolean());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"task.json cannot be read: {e.Message}");
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Req(JsonElement e, string name) => Str(e, name) ?? throw new KeyNotFoundException($"'{name}' is missing");

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static long? Int64(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

    private static TimeSpan MsOf(JsonElement e, string name) => TimeSpan.FromMilliseconds(e.GetProperty(name).GetInt64());

    private static string[] List(JsonElement e, string name) =>
        [.. e.GetProperty(name).EnumerateArray().Select(x => x.GetString() ?? throw new InvalidOperationException($"'{name}' holds a non-string"))];
}
