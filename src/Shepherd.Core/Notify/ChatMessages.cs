using System.Text;
using System.Text.Json;
using Shepherd.Store;

namespace Shepherd.Notify;

/// <summary>The message a person reads in Slack, Discord or ntfy: a title by kind, the task, its state, the reason and a
/// line of the agent's output, in each service's own format.</summary>
public static class ChatMessages
{
    public static string Title(OutboxItem i) => i.Kind switch
    {
        NotificationKinds.Done => $"{i.TaskName} is done",
        NotificationKinds.NeedsYou => $"{i.TaskName} needs you",
        NotificationKinds.Stopped => $"{i.TaskName} was stopped",
        NotificationKinds.Stalled => $"{i.TaskName} stalled",
        _ => $"{i.TaskName} failed",
    };

    private static string Emoji(OutboxItem i) => i.Kind switch
    {
        NotificationKinds.Done => "✅", NotificationKinds.NeedsYou => "⚠️", NotificationKinds.Stopped => "⏹️", NotificationKinds.Stalled => "⏸️", _ => "❌",
    };

    /// <summary>The plain text: the title, then task/agent/state, the reason and the output line on lines of their own.</summary>
    public static string Text(OutboxItem i)
    {
        var text = new StringBuilder($"{Title(i)}\n{i.Agent} task {i.TaskName}: {i.State}");
        if (i.Reason is { Length: > 0 } r) text.Append($"\n{r}");
        if (i.OutputLine is { Length: > 0 } line) text.Append($"\n> {line}");
        return text.ToString();
    }

    /// <summary>A Slack incoming webhook's body: <c>text</c> (the notification's fallback) and Block Kit <c>blocks</c>.</summary>
    public static byte[] Slack(OutboxItem i) => Json(w =>
    {
        w.WriteString("text", $"{Emoji(i)} {Title(i)}" + (i.Reason is { Length: > 0 } r ? $": {r}" : ""));
        w.WriteStartArray("blocks");
        Block(w, "header", () => PlainText(w, "text", $"{Emoji(i)} {Title(i)}"));
        Block(w, "section", () =>
        {
            w.WriteStartArray("fields");
            foreach (var (name, value) in Fields(i)) Mrkdwn(w, null, $"*{name}*\n{Escape(value)}");
            w.WriteEndArray();
        });
        if (i.Reason is { Length: > 0 } reason) Block(w, "section", () => Mrkdwn(w, "text", Escape(reason)));
        if (i.OutputLine is { Length: > 0 } line)
            Block(w, "context", () =>
            {
                w.WriteStartArray("elements");
                Mrkdwn(w, null, "> " + Escape(line));
                w.WriteEndArray();
            });
        w.WriteEndArray();
    });

    /// <summary>A Discord webhook's body: <c>content</c> and one embed (title, colour by kind, fields, the output line).</summary>
    public static byte[] Discord(OutboxItem i) => Json(w =>
    {
        w.WriteString("content", $"{Emoji(i)} {Title(i)}");
        w.WriteStartArray("embeds");
        w.WriteStartObject();
        w.WriteString("title", Title(i));
        if (i.Reason is { Length: > 0 } r) w.WriteString("description", Cut(r, 4000));
        w.WriteNumber("color", i.Kind switch { NotificationKinds.Done => 0x2EB67D, NotificationKinds.NeedsYou => 0xECB22E, NotificationKinds.Failed => 0xE01E5A, _ => 0x888888 });
        w.WriteStartArray("fields");
        foreach (var (name, value) in Fields(i))
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("value", Cut(value, 1000));
            w.WriteBoolean("inline", true);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (i.OutputLine is { Length: > 0 } line)
        {
            w.WriteStartObject("footer");
            w.WriteString("text", Cut(line, 2000));
            w.WriteEndObject();
        }
        w.WriteString("timestamp", i.CreatedAt.ToUniversalTime().ToString("O"));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("allowed_mentions");
        w.WriteStartArray("parse");
        w.WriteEndArray(); // an agent's text never pings anyone
        w.WriteEndObject();
    });

    /// <summary>ntfy's headers: an ASCII title, tags that ntfy shows as emoji, and a priority (needs-you is high).</summary>
    public static IEnumerable<(string Name, string Value)> NtfyHeaders(OutboxItem i)
    {
        yield return ("Title", Ascii($"Shepherd: {Title(i)}"));
        yield return ("Tags", i.Kind switch
        {
            NotificationKinds.Done => "white_check_mark", NotificationKinds.NeedsYou => "warning", NotificationKinds.Stopped => "stop_button",
            NotificationKinds.Stalled => "hourglass", _ => "x",
        } + $",{Ascii(i.Agent)}");
        yield return ("Priority", i.Kind switch { NotificationKinds.NeedsYou => "high", NotificationKinds.Failed => "default", _ => "low" });
    }

    private static IEnumerable<(string, string)> Fields(OutboxItem i) =>
        [("Task", i.TaskName), ("Agent", i.Agent), ("State", i.State), ("Kind", i.Kind), ("Directory", i.ProjectDir)];

    private static void Block(Utf8JsonWriter w, string type, Action body)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        body();
        w.WriteEndObject();
    }

    private static void PlainText(Utf8JsonWriter w, string name, string text)
    {
        w.WriteStartObject(name);
        w.WriteString("type", "plain_text");
        w.WriteString("text", Cut(text, 150));
        w.WriteEndObject();
    }

    private static void Mrkdwn(Utf8JsonWriter w, string? name, string text)
    {
        if (name is null) w.WriteStartObject(); else w.WriteStartObject(name);
        w.WriteString("type", "mrkdwn");
        w.WriteString("text", Cut(text, 2900));
        w.WriteEndObject();
    }

    /// <summary>Slack's three control characters, so an agent's text cannot mention a channel or form a link.</summary>
    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string Ascii(string s) => new([.. s.Select(c => c is >= ' ' and <= '~' ? c : '?')]);

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
