using Shepherd.Tasks;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Shepherd.Notify;

/// <summary>User settings from <c>$XDG_CONFIG_HOME/shepherd/config.toml</c> (or <c>SHEPHERD_CONFIG</c>):
/// <code>
/// notify = ["desktop", "webhook:https://example.invalid/hook"]
/// continue_prompt = "Continue the previous task."
/// stall_after = "20m"
/// stall_kill = false
/// </code>
/// A file that does not parse is a usage error naming the file; a missing file means defaults.</summary>
public sealed record ShepherdConfig
{
    public IReadOnlyList<string> Notify { get; init; } = [];
    public string? ContinuePrompt { get; init; }
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromMinutes(20);
    public bool StallKill { get; init; }

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
        TomlTable table;
        try { table = TomlSerializer.Deserialize(File.ReadAllText(path), ConfigToml.Default.TomlTable) ?? new TomlTable(); }
        catch (Exception e) when (e is TomlException or IOException or ArgumentException)
        {
            throw new UsageException($"config file {path} is not valid TOML: {e.Message.Split('\n')[0]}");
        }
        var notify = table.TryGetValue("notify", out var n)
            ? n is TomlArray arr && arr.All(x => x is string)
                ? arr.Cast<string>().ToList()
                : throw new UsageException($"config file {path}: notify must be a list of strings")
            : [];
        foreach (var spec in notify) NotifierSpec.Parse(spec);
        return new ShepherdConfig
        {
            Notify = notify,
            ContinuePrompt = Get<string>(table, "continue_prompt", path),
            StallAfter = Get<string>(table, "stall_after", path) is { } s ? Duration.Parse(s, "stall_after") : TimeSpan.FromMinutes(20),
            StallKill = Get<bool?>(table, "stall_kill", path) ?? false,
        };
    }

    private static T? Get<T>(TomlTable table, string key, string path) =>
        !table.TryGetValue(key, out var v) ? default
        : v is T t ? t : throw new UsageException($"config file {path}: {key} has the wrong type");
}

[TomlSerializable(typeof(TomlTable))]
internal sealed partial class ConfigToml : TomlSerializerContext;
