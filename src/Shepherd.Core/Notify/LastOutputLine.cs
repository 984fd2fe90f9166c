using System.Text;
using System.Text.Json;
using Shepherd.Agents;

namespace Shepherd.Notify;

/// <summary>The line of the agent's output a notification carries: from the end of the task's log, the last thing the
/// agent said or the last error (in a person's words, where the adapter describes its events), else the last plain line
/// that is not Shepherd's own.</summary>
public static class LastOutputLine
{
    private const int Tail = 64 * 1024, Max = 300;

    public static string? Of(string logPath, string agent)
    {
        string[] lines;
        try
        {
            if (!File.Exists(logPath)) return null;
            lines = Encoding.UTF8.GetString(Platform.FileEnd.Read(logPath, Tail)).Split('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        var adapter = AgentRegistry.Names.Contains(agent) ? AgentRegistry.Get(agent) : null;
        string? plain = null;
        for (var i = lines.Length - 1; i > 0; i--) // the first piece may be cut mid-line
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith("[shepherd]", StringComparison.Ordinal)) continue;
            if (!line.StartsWith('{')) { plain ??= line; continue; }
            if (adapter is not null && Described(adapter, line) is { } said) return Tasks.Printable.Escape(said, Max);
        }
        return plain is null ? null : Tasks.Printable.Escape(plain, Max);
    }

    private static string? Described(IAgentAdapter adapter, string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return adapter.Describe(doc.RootElement) is { Kind: "said" or "error" } t ? t.ToString() : null;
        }
        catch (JsonException) { return null; }
    }
}
