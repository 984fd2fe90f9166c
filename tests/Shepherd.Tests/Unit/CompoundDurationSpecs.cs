using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>Compound durations (1h30m) from the largest unit down; days are allowed.</summary>
public sealed class CompoundDurationSpecs
{
    [Theory]
    [InlineData("1h30m", 5400)]
    [InlineData("2m30s", 150)]
    [InlineData("1d12h", 129600)]
    [InlineData("5d", 432000)]
    [InlineData("1m500ms", 60.5)]
    [InlineData("1.5h15m", 6300)]
    public void A_compound_duration_adds_its_parts(string text, double seconds) =>
        Duration.Parse(text).TotalSeconds.ShouldBe(seconds);

    [Theory]
    [InlineData("30m1h")]
    [InlineData("1h1h")]
    [InlineData("1h 30m")]
    [InlineData("h30m")]
    [InlineData("1h30")]
    [InlineData("3651d")]
    [InlineData("99999999999999999999d")]
    public void Out_of_order_repeated_unitless_or_too_long_parts_are_refused(string text)
    {
        var e = Should.Throw<UsageException>(() => Duration.Parse(text, "--max-runtime"));
        e.Message.ShouldContain("--max-runtime");
    }
}
