using System.Text.RegularExpressions;

namespace Shepherd.Chaos.Harness;

/// <summary>Breaches of bugs already reported, each with the failing test that reproduces it (Specs/KnownBugs, trait
/// Category=KnownBug). The tables still count them; the fast-profile test fails only on breaches not listed here, so that
/// it keeps finding new ones while the known ones wait for their fix. Remove a line when its bug is fixed.</summary>
public static partial class KnownBreaches
{
    private static readonly (Regex Pattern, string Test)[] Known =
    [
        // the runner launch after a resume that was carried out: "duplicate session", "did not answer", "server exited
        // unexpectedly", "respawn pane failed: … still active" — whatever tmux says while another launcher or a dying server races it
        (new(@"resume --prompt failed: exit 1: shepherd: tmux "), "ResumeLaunchRaceSpecs"),
        (new(@"(after rm, tmux session \S+ is still there|tmux session \S+ belongs to no task)"), "RemovalRecoveryRaceSpecs"),
        (new(@"(cannot open lock .*runner\.lock: No such file or directory|FOREIGN KEY constraint failed)"), "RacingRemovalSpecs"),
        (new(@"SHEPHERD_HOME -> another user's directory: start succeeded"), "ForeignHomeSpecs"),
        (new(@"after rm, \S+ is still there \(the first rm was killed mid-command\)"), "InterruptedRemovalSpecs"),
        (new(@"(start on a full disk hides the real error|the start refused on a full disk left a half-created task).*cannot rollback"), "FullDiskStartSpecs"),
    ];

    /// <summary>The known bug's test, or null for a new breach.</summary>
    public static string? TestFor(string breach) => Known.FirstOrDefault(k => k.Pattern.IsMatch(breach)).Test;
}
