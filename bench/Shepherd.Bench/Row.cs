namespace Shepherd.Bench;

/// <summary>One line of the results table. <see cref="Pass"/> is null where the figure has no goal or was not measured.</summary>
internal sealed record Row(string Figure, string Shepherd, string Baseline, string Ratio, string Goal, bool? Pass)
{
    public static Row Failed(string figure, string goal, string why) => new(figure, $"not measured ({why})", "", "", goal, null);
}
