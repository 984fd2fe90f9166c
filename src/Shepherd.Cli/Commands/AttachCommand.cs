using System.CommandLine;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd attach</c>: tmux attach to the task's session (the live agent, as in the seed).</summary>
internal static class AttachCommand
{
    public static Command Create(CliContext ctx)
    {
        var name = CommonOptions.TaskName();
        var cmd = new Command("attach", "Attach to the task's tmux session") { name };
        cmd.SetAction(p =>
        {
            var task = ctx.Store.GetTask(p.GetValue(name)!);
            if (ctx.Tmux.HasSession(task.TmuxSession) != Tmux.Probe.Alive)
                throw new OperationFailedException($"tmux session {task.TmuxSession} is not running (state {task.State.Text()})");
            if (Console.IsInputRedirected) throw new UsageException("attach needs a terminal");
            return ctx.Tmux.Attach(task.TmuxSession) == 0 ? 0 : 1;
        });
        return cmd;
    }
}
