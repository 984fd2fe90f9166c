namespace Shepherd.Runner;

/// <summary>Settings of the runner that are not per task.</summary>
public sealed record RunnerOptions
{
    /// <summary>The prompt of every resume unless <c>shepherd resume --prompt</c> gives another.</summary>
    public string ContinuePrompt { get; init; } = "Continue the previous task.";
    /// <summary>How long a new runner waits for the runner lock (a probe may hold it for an instant).</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>Grace between SIGTERM and SIGKILL when the runner must end the agent.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}
