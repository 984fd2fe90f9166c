namespace Shepherd.Chaos.Harness;

/// <summary>How big a run is: task slots, seconds of chaos, and how long the world may take to settle afterwards.</summary>
public sealed record Profile(string Name, int Tasks, int Seconds, int MeanGapMs, TimeSpan SettleLimit)
{
    /// <summary>One seed in about two minutes on two loaded cores: 50 s of chaos, then settling and the checks.</summary>
    public static readonly Profile Fast = new("fast", 6, 50, 420, TimeSpan.FromSeconds(150));

    /// <summary>Each seed of <c>./test.sh --chaos</c>: more tasks, longer.</summary>
    public static readonly Profile Long = new("long", 8, 120, 350, TimeSpan.FromSeconds(240));

    public static Profile Named(string name) => name switch
    {
        "fast" => Fast,
        "long" => Long,
        _ => throw new ArgumentException($"unknown profile '{name}' (fast or long)"),
    };
}
