namespace Shepherd.Bench;

/// <summary>The rows and notes of one bench run, printed as a Markdown table.</summary>
internal sealed class Report
{
    private readonly List<Row> _rows = [];
    private readonly List<string> _notes = [];

    public void Add(Row row) => _rows.Add(row);

    public void Note(string text)
    {
        _notes.Add(text);
        Console.Error.WriteLine($"  · {text}");
    }

    public bool AnyNotMeasured => _rows.Any(r => r.Shepherd.StartsWith("not measured"));

    public void Print(TextWriter o)
    {
        o.WriteLine("| figure | shepherd | baseline | ratio | goal | pass? |");
        o.WriteLine("|---|---|---|---|---|---|");
        foreach (var r in _rows)
            o.WriteLine($"| {Cell(r.Figure)} | {Cell(r.Shepherd)} | {Cell(r.Baseline)} | {Cell(r.Ratio)} | {Cell(r.Goal)} | {(r.Pass is { } p ? p ? "yes" : "**no**" : "—")} |");
        if (_notes.Count == 0) return;
        o.WriteLine();
        foreach (var n in _notes) o.WriteLine($"- {n}");
    }

    private static string Cell(string s) => s.Length == 0 ? "—" : s.Replace("|", "\\|").ReplaceLineEndings(" ");
}
