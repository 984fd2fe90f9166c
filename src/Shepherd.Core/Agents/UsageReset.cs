namespace Shepherd.Agents;

/// <summary>When a usage limit lifts, as the agent put it; <see cref="Resolve"/> places it on the clock.</summary>
public abstract record UsageReset
{
    public abstract DateTimeOffset Resolve(DateTimeOffset now, TimeZoneInfo local);

    /// <summary>"resets in 1d 5h", "try again in ~158 min": counted from when the message was read.</summary>
    public sealed record After(TimeSpan Wait) : UsageReset
    {
        public override DateTimeOffset Resolve(DateTimeOffset now, TimeZoneInfo local) => now + Wait;
    }

    /// <summary>An exact moment, from a structured event (Claude's <c>rate_limit_event</c> gives Unix seconds).</summary>
    public sealed record Exactly(DateTimeOffset Moment) : UsageReset
    {
        public override DateTimeOffset Resolve(DateTimeOffset now, TimeZoneInfo local) => Moment;
    }

    /// <summary>A time on the wall clock: "3:28 PM", "5pm", "Mon 12:00am", "Dec 8, 5:33am", "Dec 8th, 2026 1:04 AM", in
    /// <see cref="Zone"/> (an IANA id such as "Australia/Brisbane") when the agent named one, else in the local zone.
    /// Without a date it is the next such time: today's, or tomorrow's once it has passed (a weekday: the next such day;
    /// a date without a year: this year's, or next year's).</summary>
    public sealed record OnClock(TimeOnly Time) : UsageReset
    {
        // The agents print whole minutes and drop the seconds: by the end of the minute named the limit has surely lifted.
        private static readonly TimeSpan MinuteSlack = TimeSpan.FromMinutes(1);

        // A time that passed this little ago is the reset just gone (the message was read a little late), not the next one.
        private static readonly TimeSpan JustPassed = TimeSpan.FromMinutes(5);

        public DayOfWeek? Weekday { get; init; }
        public int? Month { get; init; }
        public int? Day { get; init; }
        public int? Year { get; init; }
        public string? Zone { get; init; }

        public override DateTimeOffset Resolve(DateTimeOffset now, TimeZoneInfo local)
        {
            var zone = Zone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(Zone, out var named) ? named : local;
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            var (date, next) = Candidate(today);
            var at = Moment(date, zone);
            if (next is not null && at < now - JustPassed) at = Moment(next(date), zone);
            return at.ToOffset(now.Offset);
        }

        private (DateOnly Date, Func<DateOnly, DateOnly>? Next) Candidate(DateOnly today)
        {
            if (Month is { } m && Day is { } d)
                return Year is { } y ? (On(y, m, d), null) : (On(today.Year, m, d), x => On(x.Year + 1, m, d));
            if (Weekday is { } w) return (today.AddDays(((int)w - (int)today.DayOfWeek + 7) % 7), x => x.AddDays(7));
            return (today, x => x.AddDays(1));
        }

        private static DateOnly On(int year, int month, int day) => new(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));

        private DateTimeOffset Moment(DateOnly date, TimeZoneInfo zone)
        {
            var wall = date.ToDateTime(Time);
            return new DateTimeOffset(wall, zone.GetUtcOffset(wall)) + MinuteSlack;
        }
    }
}
