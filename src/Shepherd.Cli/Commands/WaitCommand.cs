using System.CommandLine;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd wait</c>: blocks until the task is final; exit 0 only for succeeded. On a terminal it shows
/// each state change and the time elapsed; off a terminal it prints only the result.</summary>
internal static class WaitCommand
{
    public static Command Create(CliContext ctx)
    {
        var name = CommonOptions.TaskName();
        var timeout = new Option<string?>("--timeout") { Description = "Give up waiting after this long (exit 1)" };
        var json = CommonOptions.Json();
        var cmd = new Command("wait", "Wait until the task is final; exit 0 only if it succeeded") { name, timeout, json };
        cmd.SetAction(async (p, ct) =>
        {
            var task = ctx.Store.GetTask(p.GetValue(name)!);
            var limit = p.GetValue(timeout) is { } t ? Duration.Parse(t, "--timeout") : (TimeSpan?)null;
            var until = limit is { } l ? ctx.Clock.GetUtcNow() + l : DateTimeOffset.MaxValue;
            var progress = p.GetValue(json) || !Live.Screen.IsTerminal ? null : new Live.WaitProgress(ctx.Clock);
            progress?.Update(task, ctx.Store.ListAttempts(task.Id).Count);
            var orphans = new OrphanWatch(ctx);
            while (!task.IsFinal && ctx.Clock.GetUtcNow() < until)
            {
                orphans.Look(task);
                await Task.Delay(200, ct);
                task = ctx.Store.GetTask(task.Id) ?? throw new OperationFailedException($"task '{task.Name}' was removed");
                progress?.Update(task, ctx.Store.ListAttempts(task.Id).Count);
            }
            progress?.Done();
            if (p.GetValue(json)) Output.Json(TaskView.From(task, ctx.Store.ListAttempts(task.Id)), CliJson.Relaxed.TaskView);
            else if (!task.IsFinal) Console.Error.WriteLine($"shepherd: timed out; {task.Name} is still {task.State.Text()}");
            else Console.WriteLine($"{task.Name} {task.State.Text()}{(task.Reason is { } r ? ": " + Printable.Escape(r) : "")}");
            return task.State == TaskState.Succeeded ? 0 : 1;
        });
        return cmd;
    }
}
