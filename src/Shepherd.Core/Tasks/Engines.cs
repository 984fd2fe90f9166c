namespace Shepherd.Tasks;

/// <summary>What runs a task's runner (<see cref="TaskRecord.Engine"/>).</summary>
public static class Engines
{
    /// <summary>A pane of the task's tmux session on this machine; the daemon and <c>recover</c> relaunch it.</summary>
    public const string Tmux = "tmux";
    /// <summary><c>shepherd run</c> in the foreground: whoever ran it (a container, a script) runs it again.</summary>
    public const string Run = "run";
    /// <summary>A Slurm batch job whose payload is <c>shepherd run</c>; Slurm places and requeues it.</summary>
    public const string Slurm = "slurm";

    /// <summary>The agent as the lists show it: with its engine when that is not tmux here (<c>codex@slurm</c>).</summary>
    public static string AgentOn(TaskRecord task) => task.Engine == Tmux ? task.Agent : $"{task.Agent}@{task.Engine}";
}
