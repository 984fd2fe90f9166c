using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Scenarios;

namespace Shepherd.Chaos.Specs;

/// <summary>Each named scenario of issue 10 §2 as a test: its count is printed, and any breach that is not a reported
/// bug (KnownBreaches) fails it.</summary>
public sealed class ScenarioSpecs(ITestOutputHelper output)
{
    public static TheoryData<string> Names => new(ScenarioCatalog.All.Select(s => s.Name));

    [Theory(Timeout = 900_000)]
    [MemberData(nameof(Names))]
    public async Task A_named_scenario_keeps_every_invariant(string scenario)
    {
        var log = new StringWriter();
        var tally = await ScenarioCatalog.All.Single(s => s.Name == scenario).RunAsync(log);
        output.WriteLine(log.ToString());
        output.WriteLine(tally.Describe());
        var unknown = tally.Breaches.Where(b => KnownBreaches.TestFor(b.What) is null).ToList();
        Assert.True(unknown.Count == 0, tally.Describe());
    }
}
