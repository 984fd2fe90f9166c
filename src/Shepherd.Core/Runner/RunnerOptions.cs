namespace Shepherd.Runner;

/// <summary>Settings of the runner that are not per task.</summary>
public sealed record RunnerOptions
{
    /// <summary>The prompt of every resume unless <c>shepherd resume --prompt</c> gives another.</summary>
    public string ContinuePrompt { get; init; } = "Continue the previous task.";
    /// <summary>How long a new runner waits for the runner lock (a probe may hold it for an instant).</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>Grace between the signals that end the agent (SIGINT → SIGTERM → SIGKILL for a stop).</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>No output and no CPU for this long: the agent is reported stalled.</summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromMinutes(20);
    /// <summary>End a stalled agent (it is then resumed by its id).</summary>
    public bool StallKill { get; init; }
    /// <summary>How long finishing may spend retrying notifications before leaving them to the daemon or recover.</summary>
    public TimeSpan NotifyBound { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>Let the agent write its stdout straight into the log where the filesystem allows it (see
    /// <see cref="TaskOutput.BeginDirect"/>); false: always through a pipe.</summary>
    public bool DirectOutput { get; init; } = true;
    /// <summary><c>shepherd run</c>: no tmux, an engine of the user's runs the runner. A SIGTERM is the platform's
    /// (eviction, preemption, a job cancelled): the agent is ended within <see cref="KillGrace"/>, the attempt recorded as
    /// interrupted by the platform, and the next run resumes it.</summary>
    public bool Foreground { get; init; }
    /// <summary>How long a foreground run's lease lasts unless renewed (renewed every third of it).</summary>
    public TimeSpan LeaseTtl { get; init; } = Tasks.RunLease.DefaultTtl;
}
