using System.CommandLine;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd list</c>: tasks with state, agent, attempts and age. Without --all, tasks that
/// ended more than a day ago are left out.</summary>
internal static class ListCommand
{
    public static Command Create(CliContext ctx)
    {
        var all = new Option<bool>("--all") { Description = "Include tasks that ended more than a day ago" };
        var json = CommonOptions.Json();
        var cmd = new Command("list", "List tasks") { all, json };
        cmd.SetAction(p =>
        {
            var now = ctx.Clock.GetUtcNow();
            var tasks = ctx.Store.ListTasks()
                .Where(t => p.GetValue(all) || !t.IsFinal || now - t.UpdatedAt < TimeSpan.FromDays(1)).ToList();
            var attempts = ctx.Store.AttemptsByTask();
            var views = tasks.Select(t => TaskView.From(t, attempts.TryGetValue(t.Id, out var a) ? a : [])).ToList();
            if (p.GetValue(json)) { Output.Json(views, CliJson.Default.ListTaskView); return 0; }
            if (views.Count == 0) { Console.WriteLine("no tasks"); return 0; }
            Console.WriteLine($"{"NAME",-24} {"AGENT",-9} {"STATE",-10} {"ATTEMPTS",8} {"AGE",6}  LAST EXIT / REASON");
            foreach (var v in views)
            {
                var note = v.Reason is { } r ? Printable.Escape(r, 60) : Output.Exit(v.LastExit);
                if (v.StalledSince is not null) note = "stalled; " + note;
                Console.WriteLine($"{v.Name,-24} {v.Agent,-9} {v.State,-10} {v.Attempts,8} {Output.Age(v.CreatedAt, now),6}  {note}");
            }
            return 0;
        });
        return cmd;
    }
}
