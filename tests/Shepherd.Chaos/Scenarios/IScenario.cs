using Shepherd.Chaos.Harness;

namespace Shepherd.Chaos.Scenarios;

/// <summary>A named scenario of issue 10 §2: it runs in a world of its own and reports its count as a table row.</summary>
public interface IScenario
{
    string Name { get; }
    Task<Tally> RunAsync(TextWriter output);
}
