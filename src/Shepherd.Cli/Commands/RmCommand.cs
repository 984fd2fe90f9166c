using System.CommandLine;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd rm</c>: stops the task if needed, kills its tmux session and deletes its files.</summary>
internal static class RmCommand
{
    public static Command Create(CliContext ctx)
    {
        var name = CommonOptions.TaskName();
        var cmd = new Command("rm", "Remove a task: stop it, kill its tmux session, delete its files") { name };
        cmd.SetAction(p =>
        {
            var task = ctx.Store.GetTask(p.GetValue(name)!);
            if (!task.IsFinal) ctx.Stopper.Stop(task);
            ctx.Tmux.KillSession(task.TmuxSession);
            ctx.Store.DeleteTask(task.Id);
            var dir = ctx.Home.TaskDir(task.Name);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            Console.WriteLine($"removed {task.Name}");
            return 0;
        });
        return cmd;
    }
}
