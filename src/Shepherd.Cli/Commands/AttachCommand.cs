using System.CommandLine;
using System.Diagnostics;
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
            var argv = ctx.Tmux.Argv("attach-session", "-t", "=" + task.TmuxSession);
            var psi = new ProcessStartInfo(argv[0]) { UseShellExecute = false };
            foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
            psi.Environment.Remove("TMUX");
            using var proc = Process.Start(psi)!;
            proc.WaitForExit();
            return proc.ExitCode == 0 ? 0 : 1;
        });
        return cmd;
    }
}
