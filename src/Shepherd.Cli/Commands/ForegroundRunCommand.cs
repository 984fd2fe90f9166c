using System.CommandLine;
using Shepherd.Notify;
using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd run</c>: the runner in the foreground, with no tmux, for an engine to run (a container's
/// entrypoint, a Slurm job's payload). The agent's output goes to stdout, Shepherd's own lines to stderr. The same
/// command creates the task, continues it by the agent's session id, or reports how it ended; its exit code says what
/// the engine should do: 0 succeeded, 1 failed or stopped (do not retry), 75 interrupted and resumable.</summary>
internal static class ForegroundRunCommand
{
    public const int Succeeded = 0, Failed = 1, Interrupted = 75;

    public static Command Create(CliContext ctx, string[] extraArgs)
    {
        var name = CommonOptions.TaskName();
        var options = new TaskOptions();
        var leaseTtl = new Option<string?>("--lease-ttl") { Hidden = true, Description = "How long the run's lease lasts unless renewed (default 60s)" };
        var grace = new Option<string?>("--grace") { Description = "How long the agent gets to end after SIGTERM before SIGKILL (default 2s)" };
        var cmd = new Command("run", "Run a task in the foreground, without tmux (for Kubernetes, Slurm, a script): creates it, continues it, " +
                                     "or reports how it ended. Exit 0 succeeded, 1 failed, 75 interrupted (run it again to resume)") { name };
        options.AddTo(cmd);
        cmd.Options.Add(grace);
        cmd.Options.Add(leaseTtl);
        cmd.SetAction(async p =>
        {
            var taskName = TaskName.Validate(p.GetValue(name));
            var config = ShepherdConfig.Load();
            var ttl = p.GetValue(leaseTtl) is { } l ? Duration.Parse(l, "--lease-ttl") : RunLease.DefaultTtl;
            var killGrace = p.GetValue(grace) is { } g ? Duration.Parse(g, "--grace") : new RunnerOptions().KillGrace;
            if (ttl < TimeSpan.FromSeconds(1)) throw new UsageException("--lease-ttl must be at least 1s");
            var task = ctx.Store.FindTask(taskName);
            if (task is null)
            {
                var spec = options.Read(p, taskName, config);
                task = TaskCreation.Create(ctx, spec, extraArgs, Engines.Run, null, _ => { }).Task;
                Console.Error.WriteLine($"[shepherd] created task {taskName}: {spec.Adapter.Name} in {Printable.Escape(task.ProjectDir)}");
            }
            else
            {
                if (task.Engine == Engines.Tmux)
                    throw new UsageException($"task '{taskName}' runs in tmux (shepherd start); `shepherd resume {taskName}` goes on with it");
                var contradictions = options.Contradictions(p, task, ctx, config);
                if (extraArgs.Length > 0 && !extraArgs.SequenceEqual(task.ExtraArgs)) contradictions.Add("the agent's arguments after -- differ from the task's");
                if (contradictions.Count > 0)
                    throw new UsageException($"task '{taskName}' exists with other settings: {string.Join("; ", contradictions)} (shepherd rm {taskName} to start anew)");
                if (task.IsFinal && File.Exists(ctx.Home.DoneFile(task.Name)))
                {
                    Console.Error.WriteLine($"[shepherd] {taskName} has already {Ended(task)}; nothing to run");
                    return ExitCode(task);
                }
            }
            var runnerOptions = new RunnerOptions
            {
                ContinuePrompt = config.ContinuePrompt ?? new RunnerOptions().ContinuePrompt,
                StallAfter = config.StallAfter, StallKill = config.StallKill, Foreground = true, LeaseTtl = ttl, KillGrace = killGrace,
            };
            var home = ctx.Home;
            using var stdout = Console.OpenStandardOutput();
            using var stderr = Console.OpenStandardError();
            var runner = new TaskRunner(home, ctx.Store, new PosixProcessLauncher(), ctx.Commands, ctx.Clock, runnerOptions, stdout,
                (taskId, bound) => Task.Run(async () =>
                {
                    using var own = TaskStore.Open(home, ctx.Clock);
                    await new Outbox(own, home, ctx.Clock).DeliverUntilDoneAsync(taskId, bound);
                }), stderr)
            {
                Owned = t => ctx.Store.SetEngineJob(t.Id, t.Engine == Engines.Slurm ? Environment.GetEnvironmentVariable("SLURM_JOB_ID") : null,
                    Environment.GetEnvironmentVariable("SLURMD_NODENAME") ?? Environment.MachineName),
            };
            await runner.RunAsync(task.Id);
            if (runner.End != RunnerEnd.Ended) return Interrupted;
            var after = ctx.Store.GetTask(task.Id);
            if (after is null) return Failed; // removed meanwhile: nothing to resume
            return after.IsFinal ? ExitCode(after) : Interrupted;
        });
        return cmd;
    }

    private static int ExitCode(TaskRecord task) => task.State == TaskState.Succeeded ? Succeeded : Failed;

    private static string Ended(TaskRecord task) => task.State switch
    {
        TaskState.Succeeded => "succeeded",
        TaskState.Failed => $"failed ({task.Reason})",
        _ => $"been {task.State.Text()}{(task.Reason is null ? "" : $" ({task.Reason})")}",
    };
}
