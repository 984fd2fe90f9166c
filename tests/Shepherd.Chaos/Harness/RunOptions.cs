namespace Shepherd.Chaos.Harness;

/// <summary>Limits that only catch a hang: far above what a command takes on a loaded machine.</summary>
public sealed record RunOptions
{
    /// <summary>stop and rm wait up to 30 s for a runner, then up to 15 s for its lock.</summary>
    public TimeSpan CommandLimit { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>How long after rm returns its processes may take to be reaped (SIGKILL is delivered asynchronously).</summary>
    public TimeSpan ReapGrace { get; init; } = TimeSpan.FromSeconds(5);
}
