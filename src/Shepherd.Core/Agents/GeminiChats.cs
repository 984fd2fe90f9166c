using System.Text.Json;

namespace Shepherd.Agents;

/// <summary>Where Gemini CLI keeps a project's conversations: <c>$GEMINI_CLI_HOME</c> (else <c>$HOME</c>)
/// <c>/.gemini/tmp/&lt;short name&gt;/chats/session-&lt;minute&gt;-&lt;first 8 of the id&gt;.jsonl</c>, the short name from
/// <c>.gemini/projects.json</c> (<c>{"projects":{"/abs/dir":"name"}}</c>). A chat file is a header line with
/// <c>sessionId</c>, then message records (and <c>{"$set":…}</c> updates).</summary>
public static class GeminiChats
{
    public static string GeminiDir(IReadOnlyDictionary<string, string> env) =>
        Path.Combine(env.TryGetValue("GEMINI_CLI_HOME", out var h) && h.Length > 0 ? h : ResumeReadiness.Home(env), ".gemini");

    /// <summary>The chats folder of <paramref name="projectDir"/>, or null when Gemini has never run there.</summary>
    public static string? ChatsDir(IReadOnlyDictionary<string, string> env, string projectDir)
    {
        var dir = GeminiDir(env);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "projects.json")));
            return doc.RootElement.TryGetProperty("projects", out var projects) && projects.ValueKind == JsonValueKind.Object
                   && projects.TryGetProperty(projectDir.TrimEnd('/') is { Length: > 0 } p ? p : "/", out var name)
                   && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } shortName
                ? Path.Combine(dir, "tmp", shortName, "chats")
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { return null; }
    }

    /// <summary>The chat file of session <paramref name="id"/> for <paramref name="projectDir"/> that Gemini can resume (it
    /// holds a prompt or a reply, not only the start-up context), or null.</summary>
    public static string? Find(IReadOnlyDictionary<string, string> env, string projectDir, string id)
    {
        if (id.Length < 8 || ChatsDir(env, projectDir) is not { } chats || !Directory.Exists(chats)) return null;
        try
        {
            return Directory.EnumerateFiles(chats, $"session-*-{id[..8]}.jsonl").FirstOrDefault(f => Resumable(f, id));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static bool Resumable(string file, string id)
    {
        try
        {
            using var lines = File.ReadLines(file).GetEnumerator();
            if (!lines.MoveNext() || Parse(lines.Current) is not { } header) return false;
            using (header)
                if (!header.RootElement.TryGetProperty("sessionId", out var sid) || sid.ValueKind != JsonValueKind.String || sid.GetString() != id)
                    return false;
            while (lines.MoveNext())
            {
                using var record = Parse(lines.Current);
                if (record is null) continue;
                var root = record.RootElement;
                if (root.TryGetProperty("$set", out var set) && set.ValueKind == JsonValueKind.Object
                    && set.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
                {
                    if (messages.EnumerateArray().Any(IsResumable)) return true;
                }
                else if (IsResumable(root)) return true;
            }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    private static JsonDocument? Parse(string line)
    {
        if (!line.StartsWith('{')) return null;
        try { return JsonDocument.Parse(line); }
        catch (JsonException) { return null; }
    }

    /// <summary>Gemini's isResumableMessageRecord: a reply, or a user message other than its context blocks and slash commands.</summary>
    private static bool IsResumable(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            return false;
        var text = message.TryGetProperty("content", out var content) ? Text(content).Trim() : "";
        return type.GetString() switch
        {
            "gemini" => text.Length > 0 || message.TryGetProperty("toolCalls", out _),
            "user" => text.Length > 0 && !text.StartsWith('/') && !text.StartsWith('?')
                      && !text.StartsWith("<session_context>", StringComparison.Ordinal) && !text.StartsWith("<hook_context>", StringComparison.Ordinal),
            _ => false,
        };
    }

    private static string Text(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!,
        JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(p =>
            p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "")),
        _ => "",
    };
}
