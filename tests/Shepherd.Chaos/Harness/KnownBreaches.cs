using System.Text.RegularExpressions;

namespace Shepherd.Chaos.Harness;

/// <summary>Breaches of bugs already reported, each with the failing test that reproduces it (Specs/KnownBugs, trait
/// Category=KnownBug). The tables still count them; the fast-profile test fails only on breaches not listed here, so that
/// it keeps finding new ones while the known ones wait for their fix. Remove a line when its bug is fixed.</summary>
public static partial class KnownBreaches
{
    private static readonly (Regex Pattern, string Test)[] Known =
    [
    ];

    /// <summary>The known bug's test, or null for a new breach.</summary>
    public static string? TestFor(string breach) => Known.FirstOrDefault(k => k.Pattern.IsMatch(breach)).Test;
}
