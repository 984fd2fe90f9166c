using System.CommandLine;
using Shepherd.Supervisor;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd stop</c>: a deliberate stop, never auto-resumed. The runner carries it out (SIGINT, SIGTERM,
/// SIGKILL to the agent's group); with no runner, this command does, holding the task's lock.</summary>
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
            string message;
            if (task.IsFinal) message = AlreadyFinal(task);
            else
            {
                var outcome = ctx.Intents.Submit(task, IntentKind.Stop, null, t => t.IsFinal, SlurmWake(ctx, task));
                if (outcome.Removed) throw IntentClient.Removed(task);
                if (outcome.Pending)
                    throw new OperationFailedException($"the runner of {task.Name} has not finished the stop yet; it is recorded and will be carried out");
                if (outcome.ByUs) Finishing.WithoutRunner(ctx, ctx.Store.GetTask(task.Id) ?? throw IntentClient.Removed(task));
                var after = ctx.Store.GetTask(task.Id) ?? throw IntentClient.Removed(task);
                CancelQueuedJob(ctx, after);
                message = after.State == TaskState.Stopped ? $"stopped {task.Name}" : AlreadyFinal(after);
            }
            if (p.GetValue(json)) Output.Json(TaskView.From(ctx.Store.GetTask(task.Id) ?? throw IntentClient.Removed(task), ctx.Store.ListAttempts(task.Id)), CliJson.Relaxed.TaskView);
            else Console.WriteLine(message);
            return 0;
        });
        return cmd;
    }

    /// <summary>A Slurm task's run may be on another node: SIGTERM through Slurm makes it carry out the stop stored first.</summary>
    public static Action<TaskRecord>? SlurmWake(CliContext ctx, TaskRecord task) =>
        task is { Engine: Engines.Slurm, EngineJob: { } job } ? _ => { if (ctx.Slurm.Job(job) is { State: "RUNNING" }) ctx.Slurm.SignalTerm(job); } : null;

    /// <summary>A job still waiting in Slurm's queue for a task that is over is cancelled (its run would only report it).</summary>
    public static void CancelQueuedJob(CliContext ctx, TaskRecord task)
    {
        if (task is { IsFinal: true, Engine: Engines.Slurm, EngineJob: { } job } && ctx.Slurm.Job(job) is { State: "PENDING" or "REQUEUED" or "CONFIGURING" })
            ctx.Slurm.Cancel(job);
    }

    public static string AlreadyFinal(TaskRecord t) => t.State switch
    {
        TaskState.Stopped => $"{t.Name} is already stopped",
        TaskState.Succeeded => $"{t.Name} has already succeeded",
        TaskState.Failed => $"{t.Name} has already failed",
        _ => $"{t.Name} is {t.State.Text()}",
    };
}
