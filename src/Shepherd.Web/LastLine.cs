using System.Text;
using System.Text.Json;
using Shepherd.Agents;
using Shepherd.Terminal;

namespace Shepherd.Web;

/// <summary>The agent's last readable line and, where its events carry it, the last turn's token usage, from the end of
/// its output log: the adapter's words for its latest event worth a person's eye (<see cref="IAgentAdapter.Describe"/>),
/// else the last line of plain output with escape sequences stripped. Remembered per log size, so an unchanged log is
/// not read again.</summary>
public sealed class LastLine
{
    private const int TailBytes = 64 * 1024;
    private readonly Dictionary<string, (long Length, DateTime Written, string Line, string? Usage)> _seen = [];

    public (string Line, string? Usage) Of(string logFile, IAgentAdapter? adapter)
    {
        var info = new FileInfo(logFile);
        if (!info.Exists) return ("", null);
        lock (_seen)
            if (_seen.TryGetValue(logFile, out var known) && known.Length == info.Length && known.Written == info.LastWriteTimeUtc)
                return (known.Line, known.Usage);
        var (line, usage) = Read(logFile, adapter);
        lock (_seen) _seen[logFile] = (info.Length, info.LastWriteTimeUtc, line, usage);
        return (line, usage);
    }

    public void Forget(IEnumerable<string> keep)
    {
        var set = keep.ToHashSet();
        lock (_seen)
            foreach (var gone in _seen.Keys.Where(k => !set.Contains(k)).ToList()) _seen.Remove(gone);
    }

    private static (string, string?) Read(string path, IAgentAdapter? adapter)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Platform.FileEnd.Read(path, TailBytes));
        }
        catch (IOException) { return ("", null); }
        var lines = text.Split('\n');
        string? described = null, turn = null, plain = null, usage = null;
        for (var i = lines.Length - 1; i >= 0 && (described is null || usage is null); i--)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '\0') continue;
            if (line[0] == '{' && TryParse(line) is { } e)
            {
                // A turn's end says less than what came before it.
                if (described is null && adapter?.Describe(e) is { Kind: not "session" } said)
                {
                    if (said.Kind == "turn") turn ??= said.ToString();
                    else described = said.ToString();
                }
                usage ??= Usage(e);
                continue;
            }
            plain ??= EscapeStripper.Strip(line).Trim() is { Length: > 0 } p ? p : null;
        }
        var shown = described ?? turn ?? plain ?? "";
        return (shown.Length > 300 ? shown[..300] + "…" : shown, usage);
    }

    private static JsonElement? TryParse(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>Codex's turn.completed and Claude's result carry <c>usage</c> with input and output tokens.</summary>
    private static string? Usage(JsonElement e)
    {
        if (!e.TryGetProperty("usage", out var u) || u.ValueKind != JsonValueKind.Object) return null;
        static long? Tokens(JsonElement u, string name) => u.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
        var input = Tokens(u, "input_tokens");
        var output = Tokens(u, "output_tokens");
        return input is null && output is null ? null : $"{input ?? 0:N0} in · {output ?? 0:N0} out tokens";
    }
}
