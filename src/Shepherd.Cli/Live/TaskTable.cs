using Shepherd.Tasks;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Shepherd.Cli.Live;

/// <summary>The task table of <c>list</c> and <c>list --watch</c>: the name column as wide as the longest name (names
/// are at most 48), fixed columns after it, and the last column (exit/reason, or the agent's last output line) cut
/// to what is left of the width. On a narrow terminal the time, agent and attempts columns go first, then the name
/// is cut. Everything the agent or the user wrote is escaped before it is shown.</summary>
internal sealed class TaskTable(int width)
{
    private const int Gap = 2;
    private const int MinNote = 10;

    public sealed record Row(string Name, string Agent, string State, int Attempts, string Time, string Note, bool Stalled);

    private sealed record Col(string Header, int Width, bool Right, Func<Row, IRenderable> Cell);

    public IRenderable Build(IReadOnlyList<Row> rows, string timeHeader, string noteHeader)
    {
        var nameWidth = Math.Clamp(rows.Count == 0 ? 4 : rows.Max(r => r.Name.Length), 4, 48);
        var agentWidth = Math.Clamp(rows.Count == 0 ? 8 : rows.Max(r => r.Agent.Length), 8, 16); // codex@slurm, a custom agent's name
        var notes = rows.Select(r => (r.Stalled ? "stalled; " : "") + Printable.Escape(Terminal.EscapeStripper.Strip(r.Note), Math.Max(width, MinNote) + 1)).ToList();
        var optional = new List<Col>
        {
            new("AGENT", agentWidth, false, r => new Text(Cut(r.Agent, agentWidth))),
            new("STATE", 9, false, r => new Text(r.State, Screen.StateStyle(r.State))),
            new("ATTEMPTS", 8, true, r => new Text(r.Attempts.ToString())),
            new(timeHeader, 7, true, r => new Text(r.Time)),
        };
        int Used() => nameWidth + Gap + optional.Sum(c => c.Width + Gap);
        // Narrow terminal: drop the least useful columns first (state always stays), then cut the name.
        foreach (var drop in new[] { timeHeader, "AGENT", "ATTEMPTS" })
            if (Used() + MinNote > width) optional.RemoveAll(c => c.Header == drop);
        if (Used() + MinNote > width) nameWidth = Math.Max(4, nameWidth - (Used() + MinNote - width));
        var noteWidth = Math.Max(MinNote, Math.Min(width - Used(), Math.Max(noteHeader.Length, notes.DefaultIfEmpty("").Max(n => n.Length))));

        var table = new Table { Border = TableBorder.None, ShowHeaders = true, Expand = false };
        table.AddColumn(Column("NAME", nameWidth, right: false));
        foreach (var c in optional) table.AddColumn(Column(c.Header, c.Width, c.Right));
        table.AddColumn(new TableColumn(new Text(Cut(noteHeader, noteWidth))) { Width = noteWidth, NoWrap = true, Padding = new Padding(0, 0, 0, 0) });
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var cells = new List<IRenderable> { new Text(Cut(r.Name, nameWidth)) };
            cells.AddRange(optional.Select(c => c.Cell(r)));
            cells.Add(new Text(Cut(notes[i], noteWidth), r.Stalled ? new Style(Color.Yellow) : Style.Plain));
            table.AddRow(cells);
        }
        return table;
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..Math.Max(0, max - 1)] + "…";

    private static TableColumn Column(string header, int width, bool right) => new(new Text(Cut(header, width)))
    {
        Width = width, NoWrap = true, Padding = new Padding(0, 0, Gap, 0), Alignment = right ? Justify.Right : Justify.Left,
    };

    /// <summary>Renders to text with no trailing blanks on any line (Spectre pads every cell to its column) and no
    /// trailing newline.</summary>
    public static string Render(IRenderable renderable, Func<TextWriter, IAnsiConsole> console)
    {
        using var writer = new StringWriter();
        console(writer).Write(renderable);
        var lines = writer.ToString().TrimEnd('\n', '\r').Split('\n').Select(l => l.TrimEnd(' ', '\r'));
        return string.Join('\n', lines);
    }
}
