namespace Shepherd.Cli.Live;

/// <summary>A plain text table for <c>status</c>: a header row and aligned columns, each as wide as its widest cell; the
/// last column is not padded, and no line ends in blanks.</summary>
internal static class Columns
{
    public static IEnumerable<string> Format(string indent, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, ISet<int>? rightAligned = null)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, headers.Count).Select(i => all.Max(r => i < r.Count ? r[i].Length : 0)).ToArray();
        foreach (var row in all)
        {
            var cells = Enumerable.Range(0, headers.Count).Select(i =>
            {
                var cell = i < row.Count ? row[i] : "";
                if (i == headers.Count - 1) return cell;
                return rightAligned?.Contains(i) == true ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]);
            });
            yield return (indent + string.Join("  ", cells)).TrimEnd();
        }
    }
}
