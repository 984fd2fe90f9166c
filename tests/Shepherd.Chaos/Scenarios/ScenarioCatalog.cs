namespace Shepherd.Chaos.Scenarios;

/// <summary>Every named scenario, in the order of docs/reliability.md's table.</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new ConcurrentStarts(),
        new ConcurrentIntents(),
        new HostilePrompts(),
        new HostileNames(),
        new FilePermissions(),
        new DatabaseLocked(),
        new DatabaseCorrupted(),
        new DiskFull(),
        new InstantExits(),
        new FollowUpDuringStop(),
        new StopWhoseRunnerDies(),
        new StopDuringLookup(),
        new UsageLimits(),
        new RunnerLostWhileChecking(),
        new OrchestratingTasks(),
    ];
}
