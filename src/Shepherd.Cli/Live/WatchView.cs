using System.Runtime.InteropServices;
using Shepherd.Agents;
using Shepherd.Cli.Commands;
using Shepherd.Tasks;
using Spectre.Console;

namespace Shepherd.Cli.Live;

/// <summary><c>list --watch</c>: redraws the task table about once a second until Ctrl-C, with each task's runtime (time
/// its agent actually ran, over all attempts) and what the agent said or did last. It draws on the terminal's alternate
/// screen, as <c>top</c> does, so no frame reaches the scrollback; every frame is cut to the terminal's width and height
/// (the title and the header stay when rows must go), and a resize (SIGWINCH) redraws at once from a cleared screen. On
/// exit the whole table is printed once on the normal screen.</summary>
internal sealed class WatchView(CliContext ctx, bool all)
{
    private const string EnterAltScreen = "\u001b[?1049h\u001b[?25l\u001b[2J";
    private const string LeaveAltScreen = "\u001b[?25h\u001b[?1049l";

    public async Task<int> RunAsync(CancellationToken cancel)
    {
        // Ctrl-C ends the view cleanly (cursor back, exit 0) rather than killing the process mid-frame.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var wake = new SemaphoreSlim(0);
        var resized = 0;
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cts.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });
        using var sigwinch = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => { Interlocked.Exchange(ref resized, 1); wake.Release(); });
        var ct = cts.Token;
        var output = Console.Out;
        output.Write(EnterAltScreen);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var (width, height) = Size();
                var frame = Frame(width, height);
                var clear = Interlocked.Exchange(ref resized, 0) == 1 ? "\u001b[2J" : "";
                output.Write(clear + "\u001b[H" + string.Join("\r\n", frame.Select(l => l + "\u001b[K")) + "\u001b[J");
                output.Flush();
                try { await wake.WaitAsync(TimeSpan.FromSeconds(1), ct); }
                catch (OperationCanceledException) { break; }
            }
        }
        finally
        {
            output.Write(LeaveAltScreen);
            // On the normal screen the whole table fits: it may scroll.
            output.WriteLine(string.Join('\n', Frame(Size().Width, int.MaxValue)));
            output.Flush();
        }
        return 0;
    }

    private static (int Width, int Height) Size()
    {
        try { return (Math.Max(20, Console.WindowWidth), Math.Max(1, Console.WindowHeight)); }
        catch (IOException) { return (Screen.Width, 24); }
    }

    /// <summary>The frame's lines at this size: the title, the table's header and as many rows as fit, then how many do not.</summary>
    private List<string> Frame(int width, int height)
    {
        var now = ctx.Clock.GetUtcNow();
        var byTask = ctx.Store.AttemptsByTask();
        var rows = ListCommand.Tasks(ctx, all).Select(t =>
        {
            var attempts = byTask.TryGetValue(t.Id, out var a) ? a : [];
            var ran = attempts.Aggregate(TimeSpan.Zero, (sum, x) => sum + (x.RunTime ?? (x.EndedAt ?? (t.IsFinal ? x.StartedAt : now)) - x.StartedAt));
            return new TaskTable.Row(t.Name, Engines.AgentOn(t), t.State.Text(), attempts.Count, Duration.Format(ran),
                Transcript.Latest(ctx.Home.LogFile(t.Name), Transcript.ReaderFor(ctx.Home, t)) ?? "", t.StalledSince is not null);
        }).ToList();
        var title = Cut($"shepherd  {rows.Count} task{(rows.Count == 1 ? "" : "s")}  {ctx.Clock.GetLocalNow():HH:mm:ss}  (Ctrl-C to quit)", width);
        var lines = new List<string> { Screen.Colour ? $"\u001b[1m{title}\u001b[0m" : title };
        if (rows.Count == 0) { lines.Add("no tasks"); return lines.Take(height).ToList(); }
        var room = height - 2; // the title and the header always stay
        var shown = rows.Count <= room ? rows : rows.Take(Math.Max(0, room - 1)).ToList();
        var table = TaskTable.Render(new TaskTable(width).Build(shown, "RUNTIME", "LAST OUTPUT"), w => Sized(w, width)).Split('\n');
        lines.AddRange(table);
        if (shown.Count < rows.Count && room >= 1) lines.Add(Cut($"… {rows.Count - shown.Count} more (a taller window shows them)", width));
        return lines.Take(height).ToList();
    }

    private static IAnsiConsole Sized(TextWriter writer, int width)
    {
        var console = Screen.Create(writer);
        console.Profile.Width = width;
        return console;
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..Math.Max(0, width - 1)] + "…";
}
