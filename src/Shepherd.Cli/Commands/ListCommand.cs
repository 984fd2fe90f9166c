using System.CommandLine;
using Shepherd.Agents;
using Shepherd.Cli.Live;
using Shepherd.Supervisor;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd list</c>: tasks with state, agent, attempts and age, fitted to the terminal and coloured by
/// state on a terminal. Without --all, tasks that ended more than a day ago are left out. --watch redraws in place
/// until Ctrl-C, with each task's runtime and the agent's last output line.</summary>
internal static class ListCommand
{
    public static Command Create(CliContext ctx)
    {
        var all = new Option<bool>("--all") { Description = "Include tasks that ended more than a day ago" };
        var json = CommonOptions.Json();
        var watch = new Option<bool>("--watch", "-w") { Description = "Redraw in place until Ctrl-C: state, attempts, runtime, last output line" };
        var cmd = new Command("list", "List tasks") { all, json, watch };
        cmd.SetAction(async (p, ct) =>
        {
            if (p.GetValue(watch))
            {
                if (p.GetValue(json)) throw new UsageException("--watch and --json do not go together");
                if (!Screen.IsTerminal) throw new UsageException("--watch needs a terminal (use list --json to poll from a script)");
                return await new WatchView(ctx, p.GetValue(all)).RunAsync(ct);
            }
            // A listing lives some 50 ms and frees nothing before it ends: a collection of its few MB is pure cost (10 % of
            // a 1 000-task list). Past 64 MB the runtime collects as usual.
            try { GC.TryStartNoGCRegion(64 << 20); }
            catch (ArgumentOutOfRangeException) { /* a GC whose ephemeral space is smaller: collect as usual */ }
            var now = ctx.Clock.GetUtcNow();
            var attempts = ctx.Store.AttemptSummaries();
            var tasks = Tasks(ctx, p.GetValue(all));
            var views = tasks
                .Select(t => TaskView.From(t, attempts.GetValueOrDefault(t.Id)) with
                {
                    Worktree = WorktreeView.Of(ctx, t), Orphaned = TaskLiveness.IsOrphaned(ctx.Home, t, ctx.Clock, Recovery.DefaultStartGrace),
                }).ToList();
            if (p.GetValue(json)) { Output.Json(views, CliJson.Relaxed.ListTaskView); return 0; }
            if (views.Count == 0) { Console.WriteLine("no tasks"); return 0; }
            var rows = views.Zip(tasks, (v, t) => new TaskTable.Row(v.Name, Engines.AgentOn(t), v.Orphaned ? "orphaned" : v.State, v.Attempts, Output.Age(v.CreatedAt, now),
                v.Orphaned ? $"was {v.State}: `shepherd recover` brings it back"
                : (v.Reason ?? Latest(ctx, t) ?? Output.Exit(v.LastExit)) + (v.Handoffs > 0 && v.Reason?.StartsWith("handing off") != true ? $" · {v.Handoffs} handoff(s)" : "")
                  + (v.Usage?.Short() is { Length: > 0 } spent ? $" · {spent}" : ""),
                v.StalledSince is not null)).ToList();
            var table = new TaskTable(Screen.Width).Build(rows, "AGE", "REASON / LAST OUTPUT");
            Console.Out.WriteLine(TaskTable.Render(table, Screen.Create));
            return 0;
        });
        return cmd;
    }

    /// <summary>What the agent said or did last (its transcript's last line); the JSON leaves it out, as reading every log would
    /// slow the listing scripts poll.</summary>
    private static string? Latest(CliContext ctx, TaskRecord t) => Transcript.Latest(ctx.Home.LogFile(t.Name), Transcript.ReaderFor(ctx.Home, t));

    public static List<TaskRecord> Tasks(CliContext ctx, bool all)
    {
        var now = ctx.Clock.GetUtcNow();
        return ctx.Store.ListTasks().Where(t => all || !t.IsFinal || now - t.UpdatedAt < TimeSpan.FromDays(1)).ToList();
    }
}
