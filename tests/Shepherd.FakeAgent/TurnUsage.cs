using System.Globalization;

namespace Shepherd.FakeAgent;

/// <summary>The tokens and cost each finished turn reports: FAKE_AGENT_USAGE="INPUT,CACHED,OUTPUT,COST" (input counts the
/// cached part), default 1000,200,100,0.01. Each CLI prints them in its own shape (Imitation.Finish).</summary>
internal sealed record TurnUsage(long Input, long Cached, long Output, decimal Cost)
{
    public string CostText => Cost.ToString(CultureInfo.InvariantCulture);

    public static TurnUsage FromEnvironment(int? input)
    {
        var parts = (Environment.GetEnvironmentVariable("FAKE_AGENT_USAGE") is { Length: > 0 } v ? v : "1000,200,100,0.01").Split(',');
        var u = new TurnUsage(long.Parse(parts[0]), long.Parse(parts[1]), long.Parse(parts[2]), decimal.Parse(parts[3], CultureInfo.InvariantCulture));
        return input is { } i ? u with { Input = i, Cached = Math.Min(u.Cached, i) } : u;
    }

    /// <summary>Adds this turn to the conversation's total kept in <paramref name="file"/> and returns the new total.</summary>
    public static TurnUsage Accumulate(string file, TurnUsage turn)
    {
        var before = File.Exists(file) ? File.ReadAllText(file).Split(',').Select(long.Parse).ToArray() : [0, 0, 0];
        var total = turn with { Input = before[0] + turn.Input, Cached = before[1] + turn.Cached, Output = before[2] + turn.Output };
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, $"{total.Input},{total.Cached},{total.Output}");
        return total;
    }
}
