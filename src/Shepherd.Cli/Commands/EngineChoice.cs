using Shepherd.Supervisor;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>start --on</c>: another engine than this machine's tmux runs the task's runner (only Slurm for now).</summary>
internal sealed record EngineChoice(string Name, string? Settings)
{
    /// <summary>Null: tmux on this machine (the default).</summary>
    public static EngineChoice? Parse(string? on, string[] sbatchArgs)
    {
        if (on is null or "tmux")
        {
            if (sbatchArgs.Length > 0) throw new UsageException("--sbatch-arg needs --on slurm");
            return null;
        }
        if (on == "slurm" || on.StartsWith("slurm:"))
        {
            var partition = on.Length > "slurm:".Length ? on["slurm:".Length..] : null;
            if (on.StartsWith("slurm:") && string.IsNullOrWhiteSpace(partition)) throw new UsageException("--on slurm: needs a partition after the colon (or --on slurm)");
            if (sbatchArgs.FirstOrDefault(a => !a.StartsWith('-')) is { } bad)
                throw new UsageException($"--sbatch-arg {Printable.Quote(bad)} is not an option; give each as --sbatch-arg=--time=04:00:00");
            return new EngineChoice(Engines.Slurm, SlurmClient.Settings(partition, sbatchArgs));
        }
        throw new UsageException($"--on {Printable.Quote(on)}: give tmux or slurm[:PARTITION]");
    }

    public void CheckInstalled(CliContext ctx)
    {
        if (!SlurmClient.IsInstalled()) throw new UsageException("--on slurm: sbatch is not on PATH (install Slurm's client commands, e.g. apt-get install slurm-client)");
    }

    public void Submit(CliContext ctx, TaskRecord task) => ctx.Store.SetEngineJob(task.Id, ctx.Slurm.Submit(task), null);

    public static string Describe(TaskRecord task) => task.Engine switch
    {
        Engines.Slurm => $"Slurm job {task.EngineJob ?? "?"}{(task.EngineNode is { } n ? $" on {n}" : "")}",
        Engines.Run => $"shepherd run{(task.EngineNode is { } n ? $" on {n}" : "")}",
        _ => $"tmux session {task.TmuxSession}",
    };
}
