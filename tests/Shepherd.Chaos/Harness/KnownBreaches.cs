using System.Text.RegularExpressions;

namespace Shepherd.Chaos.Harness;

/// <summary>Breaches of bugs already reported, each with the failing test that reproduces it (Specs/KnownBugs, trait
/// Category=KnownBug). The tables still count them; the fast-profile test fails only on breaches not listed here, so that
/// it keeps finding new ones while the known ones wait for their fix. Remove a line when its bug is fixed.</summary>
public static partial class KnownBreaches
{
    private static readonly (Regex Pattern, string Test)[] Known =
    [
        (StuckStart(), "KnownBugs/InterruptedStartSpecs.A_start_killed_after_storing_its_task_leaves_a_task_that_runs_or_none"),
    ];

    [GeneratedRegex(@"found starting \(tasks/\S+ is missing: a start killed after storing the task")]
    private static partial Regex StuckStart();

    /// <summary>The known bug's test, or null for a new breach.</summary>
    public static string? TestFor(string breach) => Known.FirstOrDefault(k => k.Pattern.IsMatch(breach)).Test;
}
