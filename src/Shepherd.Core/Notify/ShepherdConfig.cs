using Shepherd.Tasks;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;
using Tomlyn.Serialization;

namespace Shepherd.Notify;

/// <summary>User settings from <c>$XDG_CONFIG_HOME/shepherd/config.toml</c> (or <c>SHEPHERD_CONFIG</c>):
/// <code>
/// notify = ["desktop", "webhook:https://example.invalid/hook", "cmd:./notify.sh"]  # a relative path is next to this file
/// continue_prompt = "Continue the previous task."
/// stall_after = "20m"
/// stall_kill = false
/// [agents.NAME]   # an agent CLI with no adapter: see <see cref="Agents.CustomAgent"/>
/// </code>
/// A file that does not parse is a usage error as <c>file:line:col: what is wrong</c>; a missing file means defaults.</summary>
public sealed record ShepherdConfig
{
    public IReadOnlyList<string> Notify { get; init; } = [];
    public string? ContinuePrompt { get; init; }
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromMinutes(20);
    public bool StallKill { get; init; }
    /// <summary><c>start</c> launches a daemon when none watches the tasks (<c>auto_daemon = false</c> turns it off).</summary>
    public bool AutoDaemon { get; init; } = true;
    /// <summary>Agents defined in the file (<c>[agents.NAME]</c>), by name.</summary>
    public IReadOnlyDictionary<string, Agents.CustomAgent> Agents { get; init; } = new Dictionary<string, Agents.CustomAgent>();
    /// <summary>What in the file is probably a mistake but not an error (a key Shepherd does not know), as file:line:col: text.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The top-level keys the file may have.</summary>
    public static readonly string[] Keys = ["notify", "continue_prompt", "stall_after", "stall_kill", "auto_daemon", "agents"];

    public static string PathFromEnvironment()
    {
        if (Environment.GetEnvironmentVariable("SHEPHERD_CONFIG") is { Length: > 0 } explicitPath) return explicitPath;
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config))
            config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "shepherd", "config.toml");
    }

    public static ShepherdConfig Load() => Load(PathFromEnvironment());

    /// <summary>For processes nobody watches (the runner, the daemon): a broken file means defaults, not a crash.</summary>
    public static ShepherdConfig LoadOrDefault()
    {
        try { return Load(); }
        catch (UsageException) { return new ShepherdConfig(); }
    }

    public static ShepherdConfig Load(string path)
    {
        if (!File.Exists(path)) return new ShepherdConfig();
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"config file {path} cannot be read: {e.Message}");
        }
        // The syntax tree gives each error and each key a line and column; the deserializer's own messages
        // name its converter types instead.
        var doc = SyntaxParser.Parse(text, path, validate: true);
        if (doc.Diagnostics.FirstOrDefault(d => d.Kind == DiagnosticMessageKind.Error) is { } error)
            throw new UsageException($"{At(path, error.Span.Start)}: {Printable.Escape(error.Message, 200)}");
        TomlTable table;
        try { table = TomlSerializer.Deserialize(text, ConfigToml.Default.TomlTable) ?? new TomlTable(); }
        catch (Exception e) when (e is TomlException or ArgumentException)
        {
            throw new UsageException($"{path}: not valid TOML: {Printable.Escape(e.Message.Split('\n')[0], 200)}");
        }
        var notify = table.TryGetValue("notify", out var n)
            ? n is TomlArray arr && arr.All(x => x is string)
                ? arr.Cast<string>().ToList()
                : throw new UsageException($"{KeyAt(doc, path, "notify")}: notify must be a list of strings, e.g. notify = [\"desktop\"]")
            : [];
        try
        {
            // cmd:./notify.sh in the file means the one next to the file, wherever start is called from.
            var configDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            notify = notify.Select(spec => NotifierSpec.Absolute(spec, configDir)).ToList();
        }
        catch (UsageException e) { throw new UsageException($"{KeyAt(doc, path, "notify")}: {e.Message}"); }
        TimeSpan stallAfter;
        try { stallAfter = Get<string>(doc, table, "stall_after", path) is { } s ? Duration.Parse(s, "stall_after") : TimeSpan.FromMinutes(20); }
        catch (UsageException e) when (!e.Message.StartsWith(path)) { throw new UsageException($"{KeyAt(doc, path, "stall_after")}: {e.Message}"); }
        return new ShepherdConfig
        {
            Notify = notify,
            ContinuePrompt = Get<string>(doc, table, "continue_prompt", path),
            StallAfter = stallAfter,
            StallKill = Get<bool?>(doc, table, "stall_kill", path) ?? false,
            AutoDaemon = Get<bool?>(doc, table, "auto_daemon", path) ?? true,
            Agents = CustomAgentsToml.Read(doc, table, path),
            Warnings = table.Keys.Where(k => !Keys.Contains(k))
                .Select(k => $"{KeyAt(doc, path, k)}: unknown key {Printable.Quote(k)}{(Tasks.Suggest.Closest(k, Keys) is { } c ? $" (did you mean {c}?)" : "")}, ignored")
                .ToList(),
        };
    }

    private static T? Get<T>(DocumentSyntax doc, TomlTable table, string key, string path) =>
        !table.TryGetValue(key, out var v) ? default
        : v is T t ? t : throw new UsageException($"{KeyAt(doc, path, key)}: {key} must be {(typeof(T) == typeof(string) ? "a string" : "true or false")}");

    private static string At(string path, TextPosition p) => $"{path}:{p.Line + 1}:{p.Column + 1}";

    /// <summary>file:line:col of a top-level key, or just the file when the syntax tree does not have it.</summary>
    private static string KeyAt(DocumentSyntax doc, string path, string key) =>
        doc.KeyValues.FirstOrDefault(kv => kv.Key?.ToString().Trim() == key) is { } kv ? At(path, kv.Span.Start) : path;
}

[TomlSerializable(typeof(TomlTable))]
internal sealed partial class ConfigToml : TomlSerializerContext;
