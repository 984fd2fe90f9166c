using System.CommandLine;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd stop</c>: a deliberate stop, never auto-resumed.</summary>
internal static class StopCommand
{
    public static Command Create(CliContext ctx)
    {
        var name = CommonOptions.TaskName();
        var json = CommonOptions.Json();
        var cmd = new Command("stop", "Stop a task; it is never resumed by itself") { name, json };
        cmd.SetAction(p =>
        {
            var task = ctx.Store.GetTask(p.GetValue(name)!);
            var state = ctx.Stopper.Stop(task);
            if (p.GetValue(json)) Output.Json(TaskView.From(ctx.Store.GetTask(task.Id)!, ctx.Store.ListAttempts(task.Id)), CliJson.Default.TaskView);
            else Console.WriteLine(state == Tasks.TaskState.Stopped ? $"stopped {task.Name}" : $"{task.Name} was already {state}");
            return 0;
        });
        return cmd;
    }
}
