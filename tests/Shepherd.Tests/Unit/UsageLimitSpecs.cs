using System.Globalization;
using Shepherd.Agents;
using Shouldly;
using M = Shepherd.Tests.Unit.RealUsageLimitMessages;

namespace Shepherd.Tests.Unit;

/// <summary>Usage-limit messages as the CLIs print them, and the moment their reset names: a time on the clock counts to
/// the end of its minute (the agents drop the seconds), today's or the next one; a relative one counts from "now".</summary>
public sealed class UsageLimitSpecs
{
    private const string CodexRunAt = "2026-12-04T19:32:40Z";

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static DateTimeOffset? ResetAt(string message, string now, string local = "UTC") =>
        UsageLimits.Read(message).ShouldNotBeNull().ResetAt(Utc(now), TimeZoneInfo.FindSystemTimeZoneById(local));

    private static DateTimeOffset EndOfMinute(string iso)
    {
        var t = Utc(iso);
        return t.AddTicks(-(t.Ticks % TimeSpan.TicksPerMinute)).AddMinutes(1);
    }

    public static TheoryData<string, string, string> CodexCaptured => new(M.CodexCaptured.Select(c => (c.Message, c.Zone, c.ResetUtc)));

    public static TheoryData<string, string, string, string> ClaudeCaptured => new(M.ClaudeCaptured.Select(c => (c.Message, c.Zone, c.NowUtc, c.ResetUtc)));

    [Theory]
    [MemberData(nameof(CodexCaptured))]
    public void Codex_real_messages_reset_at_the_end_of_the_minute_they_name(string message, string zone, string reset) =>
        ResetAt(message, CodexRunAt, zone).ShouldBe(EndOfMinute(reset));

    [Theory]
    [MemberData(nameof(ClaudeCaptured))]
    public void Claude_real_messages_reset_in_the_zone_they_name_whatever_the_local_one(string message, string zone, string now, string reset)
    {
        ResetAt(message, now, "Asia/Tokyo").ShouldBe(EndOfMinute(reset));
        ResetAt(message, now, zone).ShouldBe(EndOfMinute(reset));
    }

    [Fact]
    public void Every_real_template_is_a_usage_limit()
    {
        foreach (var template in M.CodexTemplates)
            UsageLimits.Read(template.Replace("{}", "gpt-5.3-codex-spark")).ShouldNotBeNull(template);
        foreach (var rendered in new[]
                 {
                     "You've hit your weekly limit · resets Mon 12:00am", "You've hit your limit · resets 5pm (Australia/Brisbane)",
                     "You've hit your org's monthly usage limit · resets Jan 1, 12am (UTC)", "You're out of usage credits · resets Dec 8, 5pm (UTC)",
                     "Your org is out of usage · add funds to continue", "You've hit your fast limit · resets in 1d 5h", M.OpenCodeGo, M.PiChatGpt,
                 })
            UsageLimits.Read(rendered).ShouldNotBeNull(rendered);
    }

    [Fact]
    public void A_limit_without_a_time_is_read_with_no_reset()
    {
        foreach (var message in M.CodexCapturedLater.Append(M.ClaudeWithoutReset).Append(M.CodexTemplates[7]))
            UsageLimits.Read(message).ShouldNotBeNull(message).Reset.ShouldBeNull(message);
    }

    [Theory]
    [InlineData("You've hit your usage limit. Try again at 3:28 PM.")]
    [InlineData("You’ve hit your usage limit. Try again at 3:28 PM.")]
    [InlineData("you've hit your usage limit. try again at 3:28 pm.")]
    [InlineData("ERROR: You’ve hit your usage limit. Try again at 3:28 PM.")]
    public void Either_apostrophe_and_any_case_read_the_same(string message) =>
        ResetAt(message, "2026-12-04T15:00:00Z").ShouldBe(Utc("2026-12-04T15:29:00Z"));

    [Theory]
    [InlineData("… or try again at 3:28 PM.", "2026-12-04T15:00:00Z", "2026-12-04T15:29:00Z")]
    [InlineData("… or try again at 3:28 PM.", "2026-12-04T15:28:50Z", "2026-12-04T15:29:00Z")] // seconds dropped: the end of the minute
    [InlineData("… or try again at 3:28 PM.", "2026-12-04T15:31:00Z", "2026-12-04T15:29:00Z")] // just gone: due now, not tomorrow
    [InlineData("… or try again at 3:28 PM.", "2026-12-04T16:00:00Z", "2026-12-05T15:29:00Z")] // passed: tomorrow's
    [InlineData("· resets 12:00am", "2026-12-04T23:50:00Z", "2026-12-05T00:01:00Z")]
    [InlineData("· resets 5pm", "2026-12-04T09:00:00Z", "2026-12-04T17:01:00Z")]
    [InlineData("· resets 12pm", "2026-12-04T09:00:00Z", "2026-12-04T12:01:00Z")]
    [InlineData("· resets 17:30", "2026-12-04T09:00:00Z", "2026-12-04T17:31:00Z")]
    public void A_time_of_day_is_todays_or_once_passed_tomorrows(string reset, string now, string expected) =>
        ResetAt("You've hit your session limit " + reset, now).ShouldBe(Utc(expected));

    [Fact]
    public void A_time_without_a_zone_is_on_the_local_clock() =>
        ResetAt("You’ve hit your usage limit. Try again at 3:28 PM.", "2026-12-04T04:00:00Z", "Australia/Brisbane")
            .ShouldBe(Utc("2026-12-04T05:29:00Z"));

    [Theory]
    [InlineData("resets Mon 12:00am", "2026-12-04T12:00:00Z", "2026-12-07T00:01:00Z")] // a Friday: the coming Monday
    [InlineData("resets Mon 12:00am", "2026-12-07T00:00:30Z", "2026-12-07T00:01:00Z")] // Monday, not yet passed: today
    [InlineData("resets Mon 12:00am", "2026-12-07T00:30:00Z", "2026-12-14T00:01:00Z")] // Monday, passed: next week
    [InlineData("resets Sunday 3pm", "2026-12-04T12:00:00Z", "2026-12-06T15:01:00Z")]
    public void A_weekday_is_the_next_such_day(string reset, string now, string expected) =>
        ResetAt("You've hit your weekly limit · " + reset, now).ShouldBe(Utc(expected));

    [Theory]
    [InlineData("Sep 1st, 2026 3:14 PM", "2026-09-01T15:15:00Z")]
    [InlineData("Jan 2nd, 2027 12:05 AM", "2027-01-02T00:06:00Z")]
    [InlineData("Mar 3rd, 2027 11:59 PM", "2027-03-04T00:00:00Z")]
    [InlineData("Nov 11th, 2026 12:00 PM", "2026-11-11T12:01:00Z")]
    [InlineData("Dec 8th, 2026 1:04 AM", "2026-12-08T01:05:00Z")]
    public void Codex_ordinal_dates_are_read(string when, string expected) =>
        ResetAt($"You’ve hit your usage limit. Try again at {when}.", "2026-08-01T00:00:00Z").ShouldBe(Utc(expected));

    [Theory]
    [InlineData("Dec 8, 5:33am", "2026-12-04T19:00:00Z", "2026-12-08T05:34:00Z")]
    [InlineData("Jan 2, 5am", "2026-12-30T19:00:00Z", "2027-01-02T05:01:00Z")] // past in this year: next year's
    [InlineData("Jan 13, 2027, 8:33pm", "2026-12-04T19:00:00Z", "2027-01-13T20:34:00Z")]
    public void Claude_dates_with_or_without_a_year_are_read(string when, string now, string expected) =>
        ResetAt($"You've hit your weekly limit · resets {when} (UTC)", now).ShouldBe(Utc(expected));

    [Fact]
    public void A_named_zone_wins_and_an_unknown_one_falls_back_to_the_local_zone()
    {
        ResetAt("You've hit your session limit · resets 5pm (Australia/Brisbane)", "2026-12-04T00:00:00Z").ShouldBe(Utc("2026-12-04T07:01:00Z"));
        ResetAt("You've hit your session limit · resets 5pm (Mars/Olympus_Mons)", "2026-12-04T00:00:00Z").ShouldBe(Utc("2026-12-04T17:01:00Z"));
    }

    [Fact]
    public void Iana_zones_resolve_despite_invariant_globalization()
    {
        AppContext.TryGetSwitch("System.Globalization.Invariant", out var invariant).ShouldBeTrue();
        invariant.ShouldBeTrue();
        TimeZoneInfo.FindSystemTimeZoneById("Australia/Brisbane").GetUtcOffset(Utc("2026-12-04T00:00:00Z")).ShouldBe(TimeSpan.FromHours(10));
        TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin").GetUtcOffset(Utc("2026-07-01T00:00:00Z")).ShouldBe(TimeSpan.FromHours(2));
    }

    [Theory]
    [InlineData("You've hit your fast limit · resets in 1d 5h", 29 * 3600)]
    [InlineData("You've hit your fast limit · resets in 1d 5h 3m", 29 * 3600 + 180)]
    [InlineData("You've hit your fast limit · resets in 2h 30m", 9000)]
    [InlineData("You've hit your fast limit · resets in 45s", 45)]
    [InlineData(M.OpenCodeGo, 78 * 3600)]
    [InlineData("Usage limit reached. It will reset in 3 days 6 hours 57 minutes.", 3 * 86400 + 6 * 3600 + 57 * 60)]
    [InlineData("Usage limit reached. It will reset in 1 hour 1 minute.", 3660)]
    [InlineData("Usage limit reached. It will reset in less than a minute.", 60)]
    [InlineData(M.PiChatGpt, 158 * 60)]
    public void Relative_resets_count_from_now(string message, int seconds) =>
        ResetAt(message, "2026-12-04T12:00:00Z").ShouldBe(Utc("2026-12-04T12:00:00Z").AddSeconds(seconds));

    [Theory]
    [InlineData(M.ClaudePlainRateLimit)]
    [InlineData("Rate limit reached for gpt-5 in organization org-1 on tokens per min. Please try again in 20s.")]
    [InlineData("exceeded retry limit, last status: 429 Too Many Requests, request id: req_1")]
    [InlineData("To use Codex with your ChatGPT plan, upgrade to Plus: https://chatgpt.com/explore/plus.")]
    [InlineData("unexpected status 500 Internal Server Error")]
    [InlineData(null)]
    public void Rate_limits_and_other_errors_are_not_usage_limits(string? message) => UsageLimits.Read(message).ShouldBeNull();

    [Theory]
    [InlineData("You've hit your usage limit. Try again at 13:75 PM.")]
    [InlineData("You've hit your usage limit. Try again at Feb 40th, 2027 1:00 AM.")]
    [InlineData("You've hit your usage limit. Try again at Jan 1st, 0000 1:00 AM.")]
    [InlineData("You've hit your usage limit. Try again at Dec 31st, 9999 11:59 PM.")]
    public void An_impossible_time_names_no_reset(string message) => UsageLimits.Read(message).ShouldNotBeNull().Reset.ShouldBeNull();
}
