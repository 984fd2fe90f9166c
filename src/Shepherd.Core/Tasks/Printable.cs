using System.Text;

namespace Shepherd.Tasks;

/// <summary>Makes untrusted text safe to print on a terminal: control characters and escape
/// sequences are shown escaped, never interpreted.</summary>
public static class Printable
{
    public static string Escape(string text, int max = 200)
    {
        var sb = new StringBuilder(Math.Min(text.Length, max) + 8);
        foreach (var c in text)
        {
            if (sb.Length >= max) { sb.Append('…'); break; }
            if (c == '\t') sb.Append(' ');
            else if (char.IsControl(c)) sb.Append($"\\x{(int)c:x2}");
            else sb.Append(c);
        }
        return sb.ToString();
    }

    public static string Quote(string text) => "'" + Escape(text, 60) + "'";
}
