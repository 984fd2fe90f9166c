using System.CommandLine;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd rm</c>: the runner stops the agent and lets go of the task; then, holding its lock, this
/// command kills the task's tmux session and deletes its row and files.</summary>
internal static class RmCommand
{
    public static Command Create(CliContext ctx)
    {
        var name = CommonOptions.TaskName();
        var cmd = new Command("rm", "Remove a task: stop it, kill its tmux session, delete its files") { name };
        cmd.SetAction(p =>
        {
            var task = ctx.Store.GetTask(p.GetValue(name)!);
            var intents = ctx.Intents;
            var outcome = intents.Submit(task, IntentKind.Remove, null, t => t.IsFinal);
            if (outcome.Removed) { Console.WriteLine($"removed {task.Name}"); return 0; }
            if (outcome.Pending) throw new OperationFailedException($"the runner of {task.Name} has not stopped its agent yet; try again");
            using (var held = intents.TakeLock(task, TimeSpan.FromSeconds(15)))
            {
                if (held is null) throw new OperationFailedException($"the runner of {task.Name} has not let go of it; try again");
                ctx.Tmux.KillSession(task.TmuxSession);
                ctx.Store.DeleteTask(task.Id);
            }
            var dir = ctx.Home.TaskDir(task.Name);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            Console.WriteLine($"removed {task.Name}");
            return 0;
        });
        return cmd;
    }
}
