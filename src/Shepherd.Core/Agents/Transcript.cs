using System.Text;
using System.Text.Json;
using Shepherd.Terminal;

namespace Shepherd.Agents;

/// <summary>A task's log read as a person reads it: each line of the agent's output becomes its <see cref="TranscriptLine"/>
/// (through the adapter's <see cref="IAgentAdapter.Describe"/>), events a person need not see are left out, escape sequences
/// are stripped, and <c>__TASK_DONE__</c> (the pane's end marker) is never shown.</summary>
public static class Transcript
{
    private const string NotePrefix = "[shepherd] ";

    /// <summary>The adapter that reads a task's log, or null (every line as printed) when its agent is no longer known.</summary>
    public static IAgentAdapter? ReaderFor(Store.ShepherdHome home, Tasks.TaskRecord task) => ReaderFor(home, task.Name, task.Agent);

    public static IAgentAdapter? ReaderFor(Store.ShepherdHome home, string taskName, string agent)
    {
        try { return AgentRegistry.ForTask(home, taskName, agent); }
        catch (Tasks.UsageException) { return null; }
    }

    /// <summary>One line of the log, or null when a person need not see it.</summary>
    public static TranscriptLine? Of(string raw, IAgentAdapter? adapter)
    {
        var line = raw.TrimEnd('\r', '\n');
        if (adapter is { HasTranscript: true } && line.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                // A piece of a streamed reply keeps its spaces and line breaks: they join it to the next piece.
                return adapter.Describe(doc.RootElement) is { } described
                    ? described with { Text = described.Delta ? EscapeStripper.Strip(described.Text) : Clean(described.Text) }
                    : null;
            }
            catch (JsonException) { }
        }
        line = Clean(line);
        if (line.Length == 0 || line.StartsWith("__TASK_DONE__", StringComparison.Ordinal)) return null;
        return line.StartsWith(NotePrefix, StringComparison.Ordinal) ? TranscriptLine.Note(line[NotePrefix.Length..]) : TranscriptLine.Plain(line);
    }

    /// <summary>The last <paramref name="count"/> transcript lines of a log, reading at most its last 4 MiB.</summary>
    public static List<TranscriptLine> Tail(string logPath, IAgentAdapter? adapter, int count) =>
        Lines(logPath, adapter, 4 << 20).TakeLast(count).ToList();

    /// <summary>The transcript of the last <paramref name="maxBytes"/> of a log, a streamed reply's pieces joined.</summary>
    public static List<TranscriptLine> Lines(string logPath, IAgentAdapter? adapter, int maxBytes)
    {
        var result = new List<TranscriptLine>();
        foreach (var raw in LastBytesAsLines(logPath, maxBytes, out _))
            if (Of(raw, adapter) is { } line)
            {
                if (line.After(result.LastOrDefault()) is { } joined) result[^1] = joined;
                else result.Add(line);
            }
        return result.Select(Finished).ToList();
    }

    /// <summary>A reply joined from its pieces, trimmed as a whole line is.</summary>
    public static TranscriptLine Finished(TranscriptLine line) => line.Delta ? line with { Text = line.Text.Trim('\n', ' ', '\t') } : line;

    /// <summary>What the agent said or did last, on one line (its last message, or the command it runs now), or null: the
    /// one rule for the latest line, which <c>list</c>, <c>list --watch</c>, the web list and notifications all show.</summary>
    public static string? Latest(string logPath, IAgentAdapter? adapter)
    {
        // Most logs end in a short event; a big tool result can push the last message further back.
        foreach (var window in new[] { 16 << 10, 512 << 10 })
        {
            var lines = LastBytesAsLines(logPath, window, out var whole);
            for (var i = lines.Count - 1; i >= 0; i--)
            {
                if (Of(lines[i], adapter) is not { IsAgentWork: true } line) continue;
                // The last piece of a streamed reply: the reply is it and the pieces just before it.
                for (var j = i - 1; line.Delta && j >= 0 && Of(lines[j], adapter) is { Kind: "said", Delta: true } before; j--)
                    line = line with { Text = before.Text + line.Text };
                if (OneLine(Finished(line)) is { Length: > 0 } text) return text;
            }
            if (whole) break;
        }
        return null;
    }

    /// <summary>A line as one line: a multi-line message by its first non-empty line (its headline).</summary>
    public static string OneLine(TranscriptLine line) =>
        line.ToString().Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";

    private static string Clean(string text) => EscapeStripper.Strip(text).Trim('\n', ' ', '\t');

    private static List<string> LastBytesAsLines(string path, int max, out bool whole)
    {
        whole = true;
        if (!File.Exists(path)) return [];
        var lines = Encoding.UTF8.GetString(Platform.FileEnd.FromLineStart(path, max, out whole)).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }
}
