using System.Text.Json;
using System.Text.RegularExpressions;
using Shepherd.Tasks;

namespace Shepherd.Agents;

/// <summary>How a custom agent takes its prompt: on stdin, as the <c>{prompt}</c> argument, or as the path
/// <c>{prompt_file}</c> of a file holding it.</summary>
public enum PromptDelivery { Stdin, Argv, File }

/// <summary>An agent CLI Shepherd has no adapter for, defined in config.toml:
/// <code>
/// [agents.mycodex]
/// command = "/usr/local/bin/some-agent"        # or a name on PATH
/// start  = ["exec", "--json", "-"]            # argv templates: {prompt}, {prompt_file}, {session_id}
/// resume = ["exec", "--json", "resume", "{session_id}", "-"]
/// prompt = "stdin"                            # or "argv" / "file"
/// session_id = "json:thread_id"               # the first stdout JSON line with this field (a.b for a nested one),
///                                             # or "assign": Shepherd makes a UUID and passes it as {session_id}
/// rate_limit = ["quota exceeded", "429"]      # optional: regexes on its error events and stderr
/// rate_limited_exit_codes = [75]              # optional: these exits are rate limits (retried after a backoff)
/// fatal_exit_codes = [2, 64]                  # optional: these exits are not retried
/// usage_event = "result"                      # optional: the "type" of the stdout events that report usage (default: any)
/// input_tokens = "json:usage.input_tokens"    # optional: where those events hold it (cached input included)
/// cached_input_tokens = "json:usage.cached"   # optional
/// output_tokens = "json:usage.output_tokens"  # optional
/// cost_usd = "json:total_cost_usd"            # optional
/// usage_total = false                         # optional: true when the figures are the conversation's running total
/// </code>
/// A task keeps the definition it was started with (in its directory), so editing the file never changes a running
/// task.</summary>
public sealed record CustomAgent(string Name, string Command, IReadOnlyList<string> Start, IReadOnlyList<string> Resume,
    PromptDelivery Prompt, string SessionId)
{
    public const string Assign = "assign";
    public const string JsonPrefix = "json:";

    public IReadOnlyList<string> RateLimit { get; init; } = [];
    public IReadOnlyList<int> RateLimitedExitCodes { get; init; } = [];
    public IReadOnlyList<int> FatalExitCodes { get; init; } = [];
    /// <summary>Where the agent's events report usage (<c>json:</c> field paths, by <see cref="UsageKeys"/>); empty: nowhere.</summary>
    public IReadOnlyDictionary<string, string> UsageFields { get; init; } = new Dictionary<string, string>();
    public string? UsageEvent { get; init; }
    public bool UsageTotal { get; init; }

    public static readonly string[] UsageKeys = ["input_tokens", "cached_input_tokens", "output_tokens", "cost_usd"];

    /// <summary>A name a task's tmux session (<c>&lt;agent&gt;-&lt;task&gt;</c>) and an environment variable can carry.</summary>
    public static readonly Regex ValidName = new("^[a-z][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant);

    public bool AssignsSessionId => SessionId == Assign;

    /// <summary>The field path of <c>json:a.b</c>.</summary>
    public string[] SessionField => SessionId[JsonPrefix.Length..].Split('.');

    /// <summary>Checks what the file cannot say by its types; every error names the agent's table and the key.</summary>
    public CustomAgent Validated()
    {
        string At(string key) => $"[agents.{Name}] {key}";
        if (!ValidName.IsMatch(Name))
            throw new UsageException($"[agents.{Printable.Escape(Name, 40)}]: an agent's name is a-z, 0-9, '-' or '_', starting with a letter, at most 32 long");
        if (AgentRegistry.Names.Contains(Name)) throw new UsageException($"[agents.{Name}]: {Name} is a built-in agent; give yours another name");
        if (Command.Length == 0 || Command.Contains('\0')) throw new UsageException($"{At("command")}: give the program, a path or a name on PATH");
        if (Start.Count == 0) throw new UsageException($"{At("start")}: give the arguments of a new conversation, e.g. [\"exec\", \"-\"]");
        if (Resume.Count == 0) throw new UsageException($"{At("resume")}: give the arguments that resume {{session_id}}");
        if (!Resume.Any(a => a.Contains("{session_id}"))) throw new UsageException($"{At("resume")}: must pass {{session_id}}, or the resume is not one");
        if (AssignsSessionId && !Start.Any(a => a.Contains("{session_id}")))
            throw new UsageException($"{At("start")}: session_id = \"assign\" needs {{session_id}} in start, to give the agent the id Shepherd made");
        if (!AssignsSessionId && (!SessionId.StartsWith(JsonPrefix) || SessionField.Any(f => f.Length == 0)))
            throw new UsageException($"{At("session_id")}: \"json:<field>\" (the stdout JSON field holding it) or \"assign\"");
        var word = Prompt switch { PromptDelivery.Argv => "{prompt}", PromptDelivery.File => "{prompt_file}", _ => null };
        if (word is not null && !(Start.Any(a => a.Contains(word)) && Resume.Any(a => a.Contains(word))))
            throw new UsageException($"{At("prompt")}: prompt = \"{Text(Prompt)}\" needs {word} in start and in resume");
        foreach (var pattern in RateLimit)
        {
            try { _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)); }
            catch (ArgumentException e) { throw new UsageException($"{At("rate_limit")}: {Printable.Quote(pattern)} is not a regex: {e.Message}"); }
        }
        foreach (var (key, field) in UsageFields)
            if (!field.StartsWith(JsonPrefix) || field[JsonPrefix.Length..].Split('.').Any(f => f.Length == 0))
                throw new UsageException($"{At(key)}: \"json:<field>\" (the stdout JSON field holding it, a.b for a nested one)");
        if (FatalExitCodes.Intersect(RateLimitedExitCodes).FirstOrDefault() is var both and not 0)
            throw new UsageException($"{At("fatal_exit_codes")}: exit {both} is also in rate_limited_exit_codes");
        if (FatalExitCodes.Concat(RateLimitedExitCodes).FirstOrDefault(c => c is < 1 or > 255) is var bad and not 0)
            throw new UsageException($"{At("fatal_exit_codes")}: exit codes are 1 to 255, not {bad}");
        return this;
    }

    public static string Text(PromptDelivery p) => p switch { PromptDelivery.Argv => "argv", PromptDelivery.File => "file", _ => "stdin" };

    public static PromptDelivery? ParsePrompt(string s) =>
        s switch { "stdin" => PromptDelivery.Stdin, "argv" => PromptDelivery.Argv, "file" => PromptDelivery.File, _ => null };

    /// <summary>The definition as a task keeps it (its directory's agent.json).</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("name", Name);
            w.WriteString("command", Command);
            Strings(w, "start", Start);
            Strings(w, "resume", Resume);
            w.WriteString("prompt", Text(Prompt));
            w.WriteString("session_id", SessionId);
            Strings(w, "rate_limit", RateLimit);
            Ints(w, "rate_limited_exit_codes", RateLimitedExitCodes);
            Ints(w, "fatal_exit_codes", FatalExitCodes);
            foreach (var (key, field) in UsageFields) w.WriteString(key, field);
            if (UsageEvent is not null) w.WriteString("usage_event", UsageEvent);
            if (UsageTotal) w.WriteBoolean("usage_total", true);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static CustomAgent FromJson(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var r = doc.RootElement;
        string S(string k) => r.GetProperty(k).GetString() ?? throw new FormatException($"agent.json: {k} is null");
        List<string> L(string k) => [.. r.GetProperty(k).EnumerateArray().Select(e => e.GetString()!)];
        List<int> I(string k) => [.. r.GetProperty(k).EnumerateArray().Select(e => e.GetInt32())];
        return new CustomAgent(S("name"), S("command"), L("start"), L("resume"), ParsePrompt(S("prompt")) ?? PromptDelivery.Stdin, S("session_id"))
        {
            RateLimit = L("rate_limit"), RateLimitedExitCodes = I("rate_limited_exit_codes"), FatalExitCodes = I("fatal_exit_codes"),
            // Written by versions that knew usage fields; older tasks have none.
            UsageFields = UsageKeys.Where(k => r.TryGetProperty(k, out _)).ToDictionary(k => k, S),
            UsageEvent = r.TryGetProperty("usage_event", out var ev) ? ev.GetString() : null,
            UsageTotal = r.TryGetProperty("usage_total", out var total) && total.ValueKind == JsonValueKind.True,
        };
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void Ints(Utf8JsonWriter w, string name, IEnumerable<int> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }
}
