using Microsoft.Extensions.Time.Testing;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

public sealed class RestartDeciderSpecs
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
    private readonly RestartPolicy _policy = RestartPolicy.Default;

    private List<RunSpan> Failures(int count, TimeSpan each)
    {
        var runs = new List<RunSpan>();
        for (var i = 0; i < count; i++)
        {
            _clock.Advance(each);
            runs.Add(new RunSpan(_clock.GetUtcNow(), each));
        }
        return runs;
    }

    private RestartDecision Decide(List<RunSpan> runs, TimeSpan? used = null, TimeSpan? retryAfter = null, double jitter = 0.5) =>
        RestartDecider.Decide(runs, used ?? runs.Aggregate(TimeSpan.Zero, (s, r) => s + r.Length), _clock.GetUtcNow(), _policy, retryAfter, jitter);

    [Fact]
    public void The_first_retry_comes_after_2s_and_doubles_with_jitter_up_to_5_minutes()
    {
        var delays = Enumerable.Range(1, 10).Select(n =>
        {
            var d = (RestartDecision.ResumeAt)RestartDecider.Decide(Failures(n, TimeSpan.FromMilliseconds(1)),
                TimeSpan.Zero, _clock.GetUtcNow(), _policy with { MaxRestarts = 100 }, null, 0.5);
            d.Wait.ShouldBe(d.When - _clock.GetUtcNow());
            return d.Wait;
        }).ToList();
        delays[0].ShouldBe(TimeSpan.FromSeconds(2));
        delays[1].ShouldBe(TimeSpan.FromSeconds(4));
        delays[2].ShouldBe(TimeSpan.FromSeconds(8));
        delays[^1].ShouldBe(TimeSpan.FromMinutes(5));
        var low = (RestartDecision.ResumeAt)Decide(Failures(1, TimeSpan.FromSeconds(1)), jitter: 0);
        (low.When - _clock.GetUtcNow()).ShouldBe(TimeSpan.FromSeconds(1.6));
    }

    [Fact]
    public void Eleven_failures_within_the_window_spend_the_budget()
    {
        Decide(Failures(10, TimeSpan.FromSeconds(5))).ShouldBeOfType<RestartDecision.ResumeAt>();
        var g = Decide(Failures(11, TimeSpan.FromSeconds(5))).ShouldBeOfType<RestartDecision.GiveUp>();
        g.Reason.ShouldContain("restart budget spent");
    }

    [Fact]
    public void Failures_older_than_the_window_no_longer_count()
    {
        var runs = Failures(10, TimeSpan.FromSeconds(5));
        _clock.Advance(TimeSpan.FromMinutes(61));
        runs.AddRange(Failures(1, TimeSpan.FromSeconds(5)));
        Decide(runs).ShouldBeOfType<RestartDecision.ResumeAt>();
    }

    [Fact]
    public void Ten_minutes_of_healthy_running_forgive_the_budget_and_reset_the_backoff()
    {
        var runs = Failures(10, TimeSpan.FromSeconds(5));
        runs.AddRange(Failures(1, TimeSpan.FromMinutes(11)));
        var d = Decide(runs).ShouldBeOfType<RestartDecision.ResumeAt>();
        (d.When - _clock.GetUtcNow()).ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_rate_limit_reset_time_later_than_the_backoff_is_honoured()
    {
        var runs = Failures(1, TimeSpan.FromSeconds(1));
        Decide(runs, retryAfter: TimeSpan.FromMinutes(3)).ShouldBe(new RestartDecision.ResumeAt(_clock.GetUtcNow() + TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(3)));
    }

    [Fact]
    public void Max_runtime_counts_the_time_the_agent_ran_not_the_time_since_creation()
    {
        _clock.Advance(TimeSpan.FromHours(30)); // the task is old: that alone gives up nothing
        Decide(Failures(1, TimeSpan.FromSeconds(1))).ShouldBeOfType<RestartDecision.ResumeAt>();
        Decide(Failures(1, TimeSpan.FromSeconds(1)), used: TimeSpan.FromHours(5)).ShouldBeOfType<RestartDecision.GiveUp>().Reason.ShouldContain("max runtime");
    }

    [Fact]
    public void Failures_that_ended_recently_on_the_monotonic_clock_count_whatever_the_wall_clock_says()
    {
        var runs = Failures(10, TimeSpan.FromSeconds(5)).Select(r => r with { Age = TimeSpan.FromMinutes(1) }).ToList();
        _clock.Advance(TimeSpan.FromHours(6)); // the wall clock jumped: the runs' ends look 6 h old
        runs.AddRange(Failures(1, TimeSpan.FromSeconds(5)));
        Decide(runs).ShouldBeOfType<RestartDecision.GiveUp>().Reason.ShouldContain("restart budget spent");
    }

    [Fact]
    public void Failures_old_on_the_monotonic_clock_no_longer_count_whatever_the_wall_clock_says()
    {
        var runs = Failures(10, TimeSpan.FromSeconds(5)).Select(r => r with { Age = TimeSpan.FromMinutes(61) }).ToList();
        runs.AddRange(Failures(1, TimeSpan.FromSeconds(5))); // by the wall clock they ended under a minute ago
        Decide(runs).ShouldBeOfType<RestartDecision.ResumeAt>();
    }

    [Fact]
    public void A_run_is_aged_on_the_monotonic_clock_only_within_its_own_boot()
    {
        var now = new MonotonicTime("boot-b", 10_000);
        now.Since("boot-b", 4_000).ShouldBe(TimeSpan.FromSeconds(6));
        now.Since("boot-a", 4_000).ShouldBeNull(); // another boot: another base, the wall clock stands in
        now.Since("boot-b", null).ShouldBeNull(); // an attempt ended as lost by recovery, or stored before migration 6
        now.Since("boot-b", 20_000).ShouldBeNull();
    }
}
