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
    public static string? ChatsDir(IReadOnlyDictionary<string, string> env, string projectDir) =>
        GeminiProjects.Registered(env, projectDir) is { } shortName ? Path.Combine(GeminiDir(env), "tmp", shortName, "chats") : null;

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

    /// <summary>Replays the chat as Gemini's loadConversationRecord does: message records upsert by id, <c>$set.messages</c>
    /// replaces them all (Gemini rewrites the list without a turn that failed with an API error), <c>$rewindTo</c> drops a
    /// message and all after it; the session id is the header's, or a later <c>$set</c>'s.</summary>
    private static bool Resumable(string file, string id)
    {
        var messages = new List<(string Id, bool Resumable)>();
        string? sessionId = null;
        void Put(JsonElement m)
        {
            if (m.ValueKind != JsonValueKind.Object || Str(m, "id") is not { } mid || Str(m, "type") is null) return;
            var at = messages.FindIndex(x => x.Id == mid);
            if (at >= 0) messages[at] = (mid, IsResumable(m));
            else messages.Add((mid, IsResumable(m)));
        }
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                using var record = Parse(line);
                if (record is null) continue;
                var root = record.RootElement;
                if (Str(root, "$rewindTo") is { } rewind)
                {
                    var at = messages.FindIndex(x => x.Id == rewind);
                    messages.RemoveRange(at >= 0 ? at : 0, at >= 0 ? messages.Count - at : messages.Count);
                }
                else if (Str(root, "id") is not null && Str(root, "type") is not null) Put(root);
                else if (root.TryGetProperty("$set", out var set) && set.ValueKind == JsonValueKind.Object)
                {
                    sessionId = Str(set, "sessionId") ?? sessionId;
                    if (set.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        messages.Clear();
                        foreach (var m in list.EnumerateArray()) Put(m);
                    }
                }
                else // the header (partial metadata)
                {
                    sessionId = Str(root, "sessionId") ?? sessionId;
                    if (root.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array)
                        foreach (var m in list.EnumerateArray()) Put(m);
                }
            }
            return sessionId == id && messages.Any(m => m.Resumable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

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
