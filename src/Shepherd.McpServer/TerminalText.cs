using System.Text;
using System.Text.RegularExpressions;

namespace Shepherd.McpServer;

/// <summary>Turns an agent's raw terminal output into plain text for a model: escape sequences (colours, cursor
/// moves, OSC titles and links) removed, a carriage-return overwrite reduced to what the line finally showed,
/// other control characters dropped, very long lines cut.</summary>
internal static partial class TerminalText
{
    private const int MaxLineLength = 2000;

    // OSC (ESC ] … BEL or ESC \), DCS/SOS/PM/APC strings, CSI (ESC [ params final), then any other two-byte escape.
    [GeneratedRegex(@"\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b[ -/]*[0-~]?")]
    private static partial Regex EscapeSequence();

    public static string Clean(string line)
    {
        var text = EscapeSequence().Replace(line, "");
        if (text.EndsWith('\r')) text = text[..^1];
        var cr = text.LastIndexOf('\r');
        if (cr >= 0) text = text[(cr + 1)..];
        var sb = new StringBuilder(Math.Min(text.Length, MaxLineLength + 1));
        foreach (var c in text)
        {
            if (sb.Length >= MaxLineLength) { sb.Append('…'); break; }
            if (c == '\t') sb.Append("    ");
            else if (!char.IsControl(c)) sb.Append(c);
        }
        return sb.ToString();
    }
}
