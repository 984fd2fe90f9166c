using System.Text;
using System.Text.RegularExpressions;

namespace Shepherd.OpenClaw;

/// <summary>The <c>shepherd …</c> commands that <c>skills/shepherd/SKILL.md</c> shows (inline code and code-block
/// lines), in the order they appear, as argv with the placeholders filled in.</summary>
internal static partial class SkillCommands
{
    /// <summary>Every distinct command; those with an ellipsis (a fragment such as <c>shepherd start … &lt; file</c>) are
    /// returned in <paramref name="fragments"/> instead.</summary>
    public static List<string> Find(string markdown, out List<string> fragments)
    {
        var found = new List<string>();
        fragments = [];
        var inBlock = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { inBlock = !inBlock; continue; }
            var candidates = inBlock ? [line.Trim()] : InlineCode().Matches(line).Select(m => m.Groups[1].Value.Trim());
            foreach (var c in candidates.Where(c => c.StartsWith("shepherd ", StringComparison.Ordinal)))
            {
                if (c.Contains('…')) fragments.Add(c);
                else if (!found.Contains(c)) found.Add(c);
            }
        }
        return found;
    }

    /// <summary>Fills <c>&lt;placeholder&gt;</c>s from <paramref name="values"/>, keeps the content of optional
    /// <c>[…]</c> parts, and splits into words the way a POSIX shell would for these simple lines (double and single
    /// quotes, no expansions).</summary>
    public static List<string> Argv(string command, IReadOnlyDictionary<string, string> values)
    {
        var filled = Placeholder().Replace(command, m => values.TryGetValue(m.Groups[1].Value, out var v)
            ? v : throw new InvalidOperationException($"no value for <{m.Groups[1].Value}> in: {command}"));
        filled = filled.Replace("[", "").Replace("]", "");
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in filled)
        {
            if (quote is not null)
            {
                if (c == quote) quote = null;
                else word.Append(c);
            }
            else if (c is '"' or '\'') { quote = c; inWord = true; }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else { word.Append(c); inWord = true; }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"<([a-z-]+)>")]
    private static partial Regex Placeholder();
}
