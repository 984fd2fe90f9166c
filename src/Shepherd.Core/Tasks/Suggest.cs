namespace Shepherd.Tasks;

/// <summary>The closest of some names to a word a person mistyped (stauts → status, stal_after → stall_after).</summary>
public static class Suggest
{
    /// <summary>The closest name within a few edits (more for a longer word), or null.</summary>
    public static string? Closest(string word, IEnumerable<string> names) =>
        names.Select(n => (Name: n, D: Distance(n, word))).Where(x => x.D <= Math.Max(2, word.Length / 4))
            .OrderBy(x => x.D).Select(x => x.Name).FirstOrDefault();

    /// <summary>Edit distance counting a swap of two neighbours as one edit.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
