using CsCheck;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>Properties over many generated inputs (CsCheck).</summary>
public sealed class PropertySpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Escaped_text_never_contains_a_control_character() =>
        Gen.String[Gen.Char, 0, 300].Sample(text => Printable.Escape(text, 1000).ShouldNotContain(c => char.IsControl(c)));

    [Fact]
    public void Every_name_the_pattern_accepts_is_short_lowercase_and_never_starts_with_a_dash() =>
        Gen.String[Gen.Char["az09-_ A\n$"], 0, 60].Sample(name =>
        {
            if (!TaskName.IsValid(name)) return;
            name.Length.ShouldBeInRange(1, 48);
            name[0].ShouldNotBe('-');
            name.ShouldAllBe(c => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
        });

    [Fact]
    public void A_resume_is_never_sooner_than_80_percent_of_the_first_backoff_nor_later_than_the_cap_or_the_reset_time() =>
        Gen.Select(Gen.Int[1, 12], Gen.Double[0, 0.999], Gen.Int[0, 600], Gen.Bool).Sample((failures, jitter, resetSeconds, hasReset) =>
        {
            var policy = RestartPolicy.Default with { MaxRestarts = 100 };
            var runs = Enumerable.Range(0, failures).Select(i => new RunSpan(T0.AddSeconds(i * 10 + 5), TimeSpan.FromSeconds(5))).ToList();
            var now = runs[^1].Ended;
            TimeSpan? reset = hasReset ? TimeSpan.FromSeconds(resetSeconds) : null;
            var d = RestartDecider.Decide(runs, TimeSpan.FromSeconds(5 * failures), now, policy, reset, jitter).ShouldBeOfType<RestartDecision.ResumeAt>();
            d.Wait.ShouldBeGreaterThanOrEqualTo(policy.InitialBackoff * 0.8);
            var latest = policy.MaxBackoff * 1.2;
            if (reset is { } r && r > latest) latest = r;
            d.Wait.ShouldBeLessThanOrEqualTo(latest);
        });

    [Fact]
    public void Durations_parse_what_they_format_to_within_rounding() =>
        Gen.Int[1, 100_000].Sample(seconds =>
        {
            var span = TimeSpan.FromSeconds(seconds);
            var back = Duration.Parse(Duration.Format(span));
            Math.Abs((back - span).TotalSeconds).ShouldBeLessThanOrEqualTo(span.TotalSeconds * 0.05 + 1);
        });
}
