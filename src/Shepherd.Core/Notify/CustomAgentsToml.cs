using Shepherd.Agents;
using Shepherd.Tasks;
using Tomlyn.Model;
using Tomlyn.Syntax;

namespace Shepherd.Notify;

/// <summary>Reads the <c>[agents.NAME]</c> tables of config.toml into <see cref="CustomAgent"/>s; a bad definition is a
/// usage error naming the file (line and column where the syntax tree has them), the agent and the key.</summary>
internal static class CustomAgentsToml
{
    private static readonly string[] Keys =
        ["command", "start", "resume", "prompt", "session_id", "rate_limit", "rate_limited_exit_codes", "fatal_exit_codes",
         .. CustomAgent.UsageKeys, "usage_event", "usage_total"];

    public static Dictionary<string, CustomAgent> Read(DocumentSyntax doc, TomlTable table, string path)
    {
        var agents = new Dictionary<string, CustomAgent>(StringComparer.Ordinal);
        if (!table.TryGetValue("agents", out var section)) return agents;
        if (section is not TomlTable all) throw new UsageException($"{path}: agents must be tables, e.g. [agents.mycli]");
        foreach (var (name, value) in all)
        {
            string At(string? key) => $"{Where(doc, path, name, key)}: [agents.{Printable.Escape(name, 40)}]{(key is null ? "" : " " + key)}";
            if (value is not TomlTable t) throw new UsageException($"{At(null)}: must be a table of settings");
            if (t.Keys.FirstOrDefault(k => !Keys.Contains(k)) is { } unknown)
                throw new UsageException($"{At(unknown)}: unknown setting (known: {string.Join(", ", Keys)})");
            try
            {
                var prompt = Text(t, "prompt", At) ?? "stdin";
                agents[name] = new CustomAgent(name, Command(Text(t, "command", At) ?? throw Missing(At("command")), path),
                    Words(t, "start", At) ?? throw Missing(At("start")), Words(t, "resume", At) ?? throw Missing(At("resume")),
                    CustomAgent.ParsePrompt(prompt) ?? throw new UsageException($"{At("prompt")}: \"stdin\", \"argv\" or \"file\", not {Printable.Quote(prompt)}"),
                    Text(t, "session_id", At) ?? throw Missing(At("session_id")))
                {
                    RateLimit = Words(t, "rate_limit", At) ?? [],
                    RateLimitedExitCodes = Codes(t, "rate_limited_exit_codes", At),
                    FatalExitCodes = Codes(t, "fatal_exit_codes", At),
                    UsageFields = CustomAgent.UsageKeys.Where(t.ContainsKey).ToDictionary(k => k, k => Text(t, k, At)!),
                    UsageEvent = Text(t, "usage_event", At),
                    UsageTotal = t.TryGetValue("usage_total", out var total)
                        ? total as bool? ?? throw new UsageException($"{At("usage_total")}: must be true or false") : false,
                }.Validated();
            }
            catch (UsageException e) when (!e.Message.StartsWith(path))
            {
                throw new UsageException($"{Where(doc, path, name, KeyNamed(e.Message, name))}: {e.Message}");
            }
        }
        return agents;
    }

    private static UsageException Missing(string at) => new($"{at}: missing");

    /// <summary>A relative path (<c>./agent.sh</c>) is the file next to config.toml, wherever start is called from.</summary>
    private static string Command(string command, string configPath) =>
        command.Contains('/') && !Path.IsPathRooted(command)
            ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, command))
            : command;

    private static string? Text(TomlTable t, string key, Func<string?, string> at) =>
        !t.TryGetValue(key, out var v) ? null : v as string ?? throw new UsageException($"{at(key)}: must be a string");

    private static List<string>? Words(TomlTable t, string key, Func<string?, string> at) =>
        !t.TryGetValue(key, out var v) ? null
        : v is TomlArray a && a.All(x => x is string) ? [.. a.Cast<string>()]
        : throw new UsageException($"{at(key)}: must be a list of strings, e.g. [\"exec\", \"-\"]");

    private static List<int> Codes(TomlTable t, string key, Func<string?, string> at) =>
        !t.TryGetValue(key, out var v) ? []
        : v is TomlArray a && a.All(x => x is long l && l is >= 1 and <= 255) ? [.. a.Cast<long>().Select(l => (int)l)]
        : throw new UsageException($"{at(key)}: must be a list of exit codes from 1 to 255, e.g. [2, 64]");

    /// <summary>The key a message of <see cref="CustomAgent.Validated"/> is about ("[agents.NAME] key: …").</summary>
    private static string? KeyNamed(string message, string name)
    {
        var prefix = $"[agents.{name}] ";
        if (!message.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var colon = message.IndexOf(':', prefix.Length);
        return colon > prefix.Length ? message[prefix.Length..colon] : null;
    }

    /// <summary>file:line:col of the agent's table (or of its key), or just the file.</summary>
    private static string Where(DocumentSyntax doc, string path, string name, string? key)
    {
        var table = doc.Tables.FirstOrDefault(x => x.Name?.ToString().Trim() == $"agents.{name}");
        if (table is null) return path;
        var node = key is null ? null : table.Items.FirstOrDefault(kv => kv.Key?.ToString().Trim() == key);
        var at = (node?.Span ?? table.Span).Start;
        return $"{path}:{at.Line + 1}:{at.Column + 1}";
    }
}
