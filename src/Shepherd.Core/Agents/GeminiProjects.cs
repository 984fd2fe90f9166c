using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shepherd.Agents;

/// <summary>Gemini CLI's registry of project short names, as its <c>ProjectRegistry</c> keeps it (0.61.0):
/// <c>.gemini/projects.json</c> maps a project's absolute path to a short name, and a <c>.project_root</c> file holding the
/// path marks the name's folders <c>.gemini/tmp/NAME</c> and <c>.gemini/history/NAME</c>. A path with no entry takes the
/// name whose marker holds it, else a new one: its last component lowercased with every run of other characters than a-z
/// and 0-9 as one '-' ("project" when empty), then NAME-1, NAME-2… past names taken. What an import needs to put a chat
/// where Gemini looks for it on a machine where Gemini never ran in that directory.</summary>
public static class GeminiProjects
{
    private const string Marker = ".project_root";

    /// <summary>The short name projects.json gives <paramref name="projectDir"/>, or null when Gemini never ran there.</summary>
    public static string? Registered(IReadOnlyDictionary<string, string> env, string projectDir) =>
        Text(Read(GeminiChats.GeminiDir(env))[Normal(projectDir)]) is { Length: > 0 } name ? name : null;

    /// <summary>The short name Gemini uses (or would give) for <paramref name="projectDir"/>; nothing is written.</summary>
    public static string ShortName(IReadOnlyDictionary<string, string> env, string projectDir)
    {
        var dir = GeminiChats.GeminiDir(env);
        var projects = Read(dir);
        var path = Normal(projectDir);
        if (Text(projects[path]) is { Length: > 0 } known && OwnedBy(dir, known, path) != false) return known;
        foreach (var baseDir in BaseDirs(dir).Where(Directory.Exists))
            foreach (var candidate in Directory.EnumerateDirectories(baseDir).Select(Path.GetFileName).Order(StringComparer.Ordinal))
                if (OwnedBy(dir, candidate!, path) == true) return candidate!;
        var taken = projects.Select(p => Text(p.Value)).ToHashSet();
        var slug = Slug(Path.GetFileName(path));
        for (var n = 0; ; n++)
        {
            var candidate = n == 0 ? slug : $"{slug}-{n}";
            if (!taken.Contains(candidate) && OwnedBy(dir, candidate, path) != false) return candidate;
        }
    }

    /// <summary>Registers <paramref name="projectDir"/> under its short name as Gemini would (entry and markers) and returns
    /// the project's chats folder.</summary>
    public static string Register(IReadOnlyDictionary<string, string> env, string projectDir)
    {
        var dir = GeminiChats.GeminiDir(env);
        var name = ShortName(env, projectDir);
        var path = Normal(projectDir);
        foreach (var baseDir in BaseDirs(dir))
        {
            var folder = Directory.CreateDirectory(Path.Combine(baseDir, name)).FullName;
            var marker = Path.Combine(folder, Marker);
            if (!File.Exists(marker)) File.WriteAllText(marker, path);
        }
        var projects = Read(dir);
        if (Text(projects[path]) != name)
        {
            projects[path] = name;
            var registry = Path.Combine(dir, "projects.json");
            var aside = $"{registry}.{Guid.NewGuid():N}.tmp";
            using (var file = File.Create(aside))
            using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WritePropertyName("projects");
                projects.WriteTo(json);
                json.WriteEndObject();
            }
            File.Move(aside, registry, overwrite: true);
        }
        return Path.Combine(dir, "tmp", name, "chats");
    }

    public static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var ch in text.ToLowerInvariant())
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(ch);
            else if (slug.Length == 0 || slug[^1] != '-') slug.Append('-');
        var trimmed = slug.ToString().Trim('-');
        return trimmed.Length > 0 ? trimmed : "project";
    }

    private static string[] BaseDirs(string dir) => [Path.Combine(dir, "tmp"), Path.Combine(dir, "history")];

    private static string Normal(string projectDir) => projectDir.TrimEnd('/') is { Length: > 0 } p ? p : "/";

    /// <summary>True when a marker of <paramref name="name"/> names this path, false when one names another, null with none.</summary>
    private static bool? OwnedBy(string dir, string name, string path)
    {
        bool? owned = null;
        foreach (var baseDir in BaseDirs(dir))
        {
            var marker = Path.Combine(baseDir, name, Marker);
            if (!File.Exists(marker)) continue;
            try
            {
                if (Normal(File.ReadAllText(marker).Trim()) != path) return false;
                owned = true;
            }
            catch (IOException) { return false; }
        }
        return owned;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static JsonObject Read(string dir)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(Path.Combine(dir, "projects.json")))?["projects"] is JsonObject p ? (JsonObject)p.DeepClone() : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { return []; }
    }
}
