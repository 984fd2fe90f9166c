namespace Shepherd.Agents;

/// <summary>The agent said, in its own error event or on stderr, that the account's usage limit is reached (a
/// subscription window, credits, a spend cap). <see cref="Reset"/> is when it said the limit lifts; null when it named
/// no time ("try again later", out of credits).</summary>
public sealed record UsageLimit(string Message, UsageReset? Reset)
{
    /// <summary>When the limit has surely lifted. <paramref name="now"/> is when the message was read (a relative reset
    /// counts from it, a time of day is today's or the next one); <paramref name="local"/> is the zone of a time printed
    /// without one: the agent runs on this machine, so pass <see cref="TimeZoneInfo.Local"/>.</summary>
    public DateTimeOffset? ResetAt(DateTimeOffset now, TimeZoneInfo local) => Reset?.Resolve(now, local);
}
