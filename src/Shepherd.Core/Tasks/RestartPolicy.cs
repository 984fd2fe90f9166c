namespace Shepherd.Tasks;

/// <summary>When and how often a task is resumed. Defaults are the spec's.</summary>
public sealed record RestartPolicy
{
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);
    public int MaxRestarts { get; init; } = 10;
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(60);
    public TimeSpan HealthyAfter { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan MaxRuntime { get; init; } = TimeSpan.FromHours(5);

    public static RestartPolicy Default { get; } = new();
}
