using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Store;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>What an attempt that hit the account's usage limit decides: wait until the reset the agent named, in the
/// machine's zone, spending nothing of the restart budget, whatever the max runtime.</summary>
public sealed class UsageLimitDecisionSpecs
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TaskRecord Task = new()
    {
        Id = 1, Name = "t", Agent = "codex", ProjectDir = "/p", TmuxSession = "codex-t", AgentSessionId = "thread-1",
        Policy = new RestartPolicy { MaxRestarts = 1, MaxRuntime = TimeSpan.FromMinutes(30) },
    };

    private static AttemptRecord Attempt(int n, AttemptOutcome outcome, DateTimeOffset ended) => new()
    {
        Id = n, TaskId = 1, Number = n, Kind = n == 1 ? "start" : "resume", StartedAt = ended.AddMinutes(-1), EndedAt = ended,
        Outcome = outcome, RunTime = TimeSpan.FromMinutes(1), BootId = "boot",
    };

    private static Conclusion Decide(string message, DateTimeOffset now, int earlierLimits)
    {
        var facts = new AgentRunFacts { Last = new TerminalEvent(false, message) };
        var verdict = ExitClassifier.Classify(ExitStatus.Exited(1), facts);
        var history = Enumerable.Range(1, earlierLimits).Select(i => Attempt(i, AttemptOutcome.UsageLimited, now.AddMinutes(-60 + i))).ToList();
        var current = Attempt(earlierLimits + 1, AttemptOutcome.Retryable, now) with { EndedAt = null, Outcome = null };
        history.Add(current);
        return AttemptDecisions.AfterExit(Task, current, history, ExitStatus.Exited(1), verdict, TimeSpan.FromSeconds(3), now,
            new MonotonicTime("boot", 1_000_000), 0.5, null, NewYork);
    }

    [Fact]
    public void Codex_s_real_message_waits_until_the_end_of_the_minute_it_names_in_the_machine_s_zone()
    {
        var now = new DateTimeOffset(2026, 12, 4, 14, 0, 0, NewYork.GetUtcOffset(new DateTime(2026, 12, 4)));
        var c = Decide("You’ve hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus), or try again at 3:28 PM.",
            now, 0);
        c.Outcome.ShouldBe(AttemptOutcome.UsageLimited);
        c.Next.ShouldBe(TaskState.Backoff);
        var at = c.NextAttemptAt.ShouldNotBeNull();
        at.ShouldBeGreaterThan(now.Date.AddHours(15).AddMinutes(29).ToDateTimeOffsetIn(NewYork));
        at.ShouldBeLessThan(now.Date.AddHours(15).AddMinutes(29).AddSeconds(10).ToDateTimeOffsetIn(NewYork));
        c.Reason.ShouldStartWith("waiting for usage limit until 15:29:0");
    }

    [Fact]
    public void A_reset_on_a_later_day_is_waited_for_however_long_and_earlier_limits_spend_no_restart()
    {
        var now = new DateTimeOffset(2026, 12, 4, 14, 0, 0, NewYork.GetUtcOffset(new DateTime(2026, 12, 4)));
        var c = Decide("You’ve hit your usage limit. Visit https://chatgpt.com/settings/usage to purchase more credits or try again at Dec 8th, 2026 1:04 AM.",
            now, earlierLimits: 5);
        c.Next.ShouldBe(TaskState.Backoff, c.Reason);
        c.NextAttemptAt.ShouldNotBeNull().ShouldBeGreaterThan(new DateTime(2026, 12, 8, 1, 5, 0).ToDateTimeOffsetIn(NewYork));
        c.Reason.ShouldStartWith("waiting for usage limit until Tue 8 Dec 01:05");
    }

    [Fact]
    public void A_limit_without_a_reset_time_is_tried_again_after_a_quarter_of_an_hour()
    {
        var now = DateTimeOffset.UtcNow;
        var c = Decide("You’ve hit your usage limit. Visit https://chatgpt.com/settings/usage to purchase more credits or try again later.", now, 0);
        c.Outcome.ShouldBe(AttemptOutcome.UsageLimited);
        c.NextAttemptAt.ShouldNotBeNull().ShouldBeInRange(now + AttemptDecisions.UnknownResetWait, now + AttemptDecisions.UnknownResetWait + TimeSpan.FromSeconds(6));
        c.Reason.ShouldNotBeNull().ShouldContain("no reset time given");
    }
}

internal static class ZoneTime
{
    public static DateTimeOffset ToDateTimeOffsetIn(this DateTime local, TimeZoneInfo zone) => new(local, zone.GetUtcOffset(local));
}
