using System.Text.Json;

namespace Shepherd.FakeAgent;

/// <summary>Gemini CLI's chat files, where the real one keeps them: <c>$GEMINI_CLI_HOME</c> (else <c>$HOME</c>)
/// <c>/.gemini/tmp/&lt;short name&gt;/chats/session-&lt;minute&gt;-&lt;id8&gt;.jsonl</c>, the working directory's short name in
/// <c>.gemini/projects.json</c>.</summary>
internal static class GeminiChat
{
    private static string GeminiDir() => Path.Combine(
        Environment.GetEnvironmentVariable("GEMINI_CLI_HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".gemini");

    public static string ChatsDir()
    {
        var dir = GeminiDir();
        var projects = Path.Combine(dir, "projects.json");
        var cwd = Directory.GetCurrentDirectory();
        Directory.CreateDirectory(dir);
        using (Lifecycle.Exclusive(projects + ".lock"))
        {
            var map = File.Exists(projects)
                ? JsonSerializer.Deserialize(File.ReadAllText(projects), GeminiJson.Default.Registry)?.Projects ?? []
                : [];
            if (!map.TryGetValue(cwd, out var shortName))
            {
                var stem = new string(Path.GetFileName(cwd).Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
                shortName = stem.Length == 0 ? "root" : stem;
                for (var i = 1; map.ContainsValue(shortName); i++) shortName = $"{stem}-{i}";
                map[cwd] = shortName;
                File.WriteAllText(projects, JsonSerializer.Serialize(new Registry { Projects = map }, GeminiJson.Default.Registry));
            }
            return Path.Combine(dir, "tmp", shortName, "chats");
        }
    }

    /// <summary>The chat of session <paramref name="id"/> in this directory, or null.</summary>
    public static string? Find(string id)
    {
        var chats = ChatsDir();
        if (id.Length < 8 || !Directory.Exists(chats)) return null;
        return Directory.EnumerateFiles(chats, $"session-*-{id[..8]}.jsonl")
            .FirstOrDefault(f => File.ReadLines(f).FirstOrDefault()?.Contains($"\"sessionId\":\"{id}\"") == true);
    }

    public static string Create(string id)
    {
        var chats = Directory.CreateDirectory(ChatsDir()).FullName;
        var file = Path.Combine(chats, $"session-{DateTime.UtcNow:yyyy-MM-ddTHH-mm}-{id[..8]}.jsonl");
        Append(file, $"{{\"sessionId\":\"{id}\",\"projectHash\":\"fake\",\"startTime\":\"{DateTime.UtcNow:O}\",\"kind\":\"main\"}}");
        return file;
    }

    public static void Append(string file, string record) => File.AppendAllText(file, record + "\n");

    internal sealed class Registry
    {
        [System.Text.Json.Serialization.JsonPropertyName("projects")]
        public Dictionary<string, string> Projects { get; set; } = [];
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(GeminiChat.Registry))]
internal sealed partial class GeminiJson : System.Text.Json.Serialization.JsonSerializerContext;
