using System.CommandLine;
using Shepherd.Agents;
using Shepherd.Cli.Worktrees;
using Shepherd.Notify;
using Shepherd.Runner;
using Shepherd.Store;
using Shepherd.Supervisor;
using Shepherd.Tasks;
using Shepherd.Tmux;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd start</c>: validates everything, then creates the task, its files and its tmux session.</summary>
internal static class StartCommand
{
    public static Command Create(CliContext ctx, string[] extraArgs)
    {
        var name = CommonOptions.TaskName();
        var options = new TaskOptions();
        options.Agent.Required = true;
        options.Dir.Required = true;
        var on = new Option<string?>("--on") { Description = "Where the runner runs: tmux (default, this machine) or slurm[:PARTITION] (a batch job running `shepherd run`)" };
        var sbatchArgs = new Option<string[]>("--sbatch-arg") { Description = "An argument for sbatch (repeatable), e.g. --sbatch-arg=--time=04:00:00" };
        var json = CommonOptions.Json();
        var cmd = new Command("start", "Start a task: an agent, a project directory and a prompt. Arguments after -- go to the agent on every attempt")
        {
            name,
        };
        options.AddTo(cmd);
        cmd.Options.Add(on);
        cmd.Options.Add(sbatchArgs);
        cmd.Options.Add(json);
        cmd.SetAction(p =>
        {
            var taskName = TaskName.Validate(p.GetValue(name));
            var engine = EngineChoice.Parse(p.GetValue(on), p.GetValue(sbatchArgs) ?? []);
            var config = ShepherdConfig.Load();
            var spec = options.Read(p, taskName, config);
            if (engine is null && !ctx.Tmux.IsInstalled()) throw new UsageException("tmux is not installed (apt-get install tmux)");
            if (engine is not null) engine.CheckInstalled(ctx);
            var created = TaskCreation.Create(ctx, spec, extraArgs, engine?.Name ?? Engines.Tmux, engine?.Settings, task =>
            {
                if (engine is not null)
                {
                    engine.Submit(ctx, task);
                    return;
                }
                // A server that dies under the call (killed, or exiting as its last session closes) is not the start's
                // failure: it is tried again, as a resume does (LaunchGuard); a session made meanwhile is used as it is.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        if (attempt == 1) ctx.Tmux.NewSession(task.TmuxSession, task.ProjectDir, ctx.Launcher.RunnerCommand(task));
                        else ctx.Launcher.EnsureRunner(task);
                        break;
                    }
                    catch (TmuxException) when (attempt < 3) { Thread.Sleep(200 * attempt); }
                }
            });
            var task = created.Task;
            var plan = created.Worktree;
            var daemonNote = engine is null ? DaemonNote(ctx, config) : null;
            if (p.GetValue(json))
                Output.Json(TaskView.From(ctx.Store.GetTask(task.Id)!, []) with { Worktree = WorktreeView.Of(ctx, task) }, CliJson.Relaxed.TaskView);
            else
            {
                Console.WriteLine(engine is null
                    ? $"started {taskName}: {spec.Adapter.Name} in tmux session {task.TmuxSession} (shepherd attach {taskName})"
                    : $"started {taskName}: {spec.Adapter.Name} as {EngineChoice.Describe(ctx.Store.GetTask(task.Id)!)} (shepherd logs {taskName})");
                if (plan is not null) Console.WriteLine($"worktree {Printable.Escape(plan.Path)} on branch {plan.Branch}");
            }
            if (daemonNote is not null) Console.Error.WriteLine(daemonNote);
            return 0;
        });
        return cmd;
    }

    /// <summary>Makes sure a daemon watches the tasks (unless turned off), and says once that reboots need the systemd unit.</summary>
    private static string? DaemonNote(CliContext ctx, ShepherdConfig config)
    {
        if (DaemonStarter.Disabled(config.AutoDaemon))
            return Platform.FileLock.IsHeld(ctx.Home.DaemonLock) ? null
                : "note: no shepherd daemon is running (auto_daemon is off); crashes are resumed, but a lost tmux server or a reboot needs `shepherd recover` (or `shepherd daemon --install`)";
        try
        {
            var pid = DaemonStarter.EnsureRunning(ctx.Home);
            var hint = ctx.Home.HintFile("daemon-unit");
            if (File.Exists(DaemonStarter.UnitPath()) || File.Exists(hint))
                return pid is null ? null : $"note: started a shepherd daemon (pid {pid}) to watch the tasks; it exits once none is left for 10 minutes";
            ShepherdHome.WritePrivateFile(hint, []);
            return $"note: {(pid is null ? "a shepherd daemon watches the tasks" : $"started a shepherd daemon (pid {pid}) to watch the tasks")}; " +
                   "after a reboot nothing runs until `shepherd recover` — `shepherd daemon --install` sets up a systemd unit that does it (this note shows once)";
        }
        catch (IOException e)
        {
            return $"note: could not start a shepherd daemon ({e.Message}); a lost tmux server needs `shepherd recover`";
        }
    }
}
