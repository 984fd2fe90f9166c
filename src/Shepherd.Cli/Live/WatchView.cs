using System.Runtime.InteropServices;
using Shepherd.Agents;
using Shepherd.Cli.Commands;
using Shepherd.Tasks;
using Shepherd.Terminal;
using Spectre.Console;

namespace Shepherd.Cli.Live;

/// <summary><c>list --watch</c>: redraws the task table in place about once a second until Ctrl-C, with each task's
/// runtime (time its agent actually ran, over all attempts) and what the agent said or did last (its readable transcript's
/// last line: escape sequences stripped, then escaped).</summary>
internal sealed class WatchView(CliContext ctx, bool all)
{
    public async Task<int> RunAsync(CancellationToken cancel)
    {
        // Ctrl-C ends the view cleanly (cursor back, exit 0) rather than killing the process mid-frame.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cts.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });
        var ct = cts.Token;
        var console = Screen.Create(Console.Out);
        console.Cursor.Hide();
        try
        {
            await console.Live(Build()).AutoClear(false).StartAsync(async live =>
            {
                while (!ct.IsCancellationRequested)
                {
                    live.UpdateTarget(Build());
                    live.Refresh();
                    try { await Task.Delay(TimeSpan.FromSeconds(1), ct); }
                    catch (OperationCanceledException) { break; }
                }
            });
        }
        finally { console.Cursor.Show(); }
        return 0;
    }

    private Spectre.Console.Rendering.IRenderable Build()
    {
        var now = ctx.Clock.GetUtcNow();
        var byTask = ctx.Store.AttemptsByTask();
        var rows = ListCommand.Tasks(ctx, all).Select(t =>
        {
            var attempts = byTask.TryGetValue(t.Id, out var a) ? a : [];
            var ran = attempts.Aggregate(TimeSpan.Zero, (sum, x) => sum + (x.RunTime ?? (x.EndedAt ?? (t.IsFinal ? x.StartedAt : now)) - x.StartedAt));
            return new TaskTable.Row(t.Name, t.Agent, t.State.Text(), attempts.Count, Duration.Format(ran), Transcript.Latest(ctx.Home.LogFile(t.Name), Transcript.ReaderFor(ctx.Home, t)) ?? "", t.StalledSince is not null);
        }).ToList();
        var header = new Markup($"[bold]shepherd[/] {rows.Count} task{(rows.Count == 1 ? "" : "s")}  {ctx.Clock.GetLocalNow():HH:mm:ss}  (Ctrl-C to quit)");
        var body = rows.Count == 0 ? (Spectre.Console.Rendering.IRenderable)new Text("no tasks") : new TaskTable(Screen.Width).Build(rows, "RUNTIME", "LAST OUTPUT");
        return new Rows(header, body);
    }
}
