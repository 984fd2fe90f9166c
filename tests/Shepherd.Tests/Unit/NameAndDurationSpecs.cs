using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

public sealed class NameAndDurationSpecs
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("refactor-auth", true)]
    [InlineData("9lives", true)]
    [InlineData("a23456789012345678901234567890123456789012345678", true)]
    [InlineData("a234567890123456789012345678901234567890123456789", false)]
    [InlineData("-a", false)]
    [InlineData("A", false)]
    [InlineData("a_b", false)]
    [InlineData("a b", false)]
    [InlineData("a\n", false)]
    [InlineData("", false)]
    [InlineData("é", false)]
    public void Names_follow_the_seeds_pattern_anchored_and_bounded(string name, bool valid) =>
        TaskName.IsValid(name).ShouldBe(valid);

    [Fact]
    public void An_invalid_name_is_a_one_line_usage_error_with_control_characters_escaped()
    {
        var e = Should.Throw<UsageException>(() => TaskName.Validate("bad\u001b[31mname\n"));
        e.Message.ShouldNotContain("\u001b");
        e.Message.ShouldNotContain("\n");
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("20m", 1200)]
    [InlineData("5h", 18000)]
    [InlineData("45", 45)]
    [InlineData("1.5s", 1.5)]
    [InlineData("250ms", 0.25)]
    public void Durations_are_written_as_the_spec_says(string text, double seconds) =>
        Duration.Parse(text).TotalSeconds.ShouldBe(seconds);

    [Theory]
    [InlineData("5x")]
    [InlineData("-3s")]
    [InlineData("")]
    [InlineData("1e9h")]
    public void Bad_durations_are_usage_errors(string text) => Should.Throw<UsageException>(() => Duration.Parse(text));
}
