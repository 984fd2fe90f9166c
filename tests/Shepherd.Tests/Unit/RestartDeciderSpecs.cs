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
            var start = _clock.GetUtcNow();
            _clock.Advance(each);
            runs.Add(new RunSpan(start, _clock.GetUtcNow()));
        }
        return runs;
    }

    private RestartDecision Decide(List<RunSpan> runs, DateTimeOffset created, DateTimeOffset? retryAfter = null, double jitter = 0.5) =>
        RestartDecider.Decide(runs, created, _clock.GetUtcNow(), _policy, retryAfter, jitter);

    [Fact]
    public void The_first_retry_comes_after_2s_and_doubles_with_jitter_up_to_5_minutes()
    {
        var created = _clock.GetUtcNow();
        var delays = Enumerable.Range(1, 10).Select(n =>
        {
            var d = (RestartDecision.ResumeAt)RestartDecider.Decide(Failures(n, TimeSpan.FromMilliseconds(1)).Select(r => r).ToList(),
                created, _clock.GetUtcNow(), _policy with { MaxRestarts = 100 }, null, 0.5);
            return d.When - _clock.GetUtcNow();
        }).ToList();
        delays[0].ShouldBe(TimeSpan.FromSeconds(2));
        delays[1].ShouldBe(TimeSpan.FromSeconds(4));
        delays[2].ShouldBe(TimeSpan.FromSeconds(8));
        delays[^1].ShouldBe(TimeSpan.FromMinutes(5));
        var low = (RestartDecision.ResumeAt)Decide(Failures(1, TimeSpan.FromSeconds(1)), created, jitter: 0);
        (low.When - _clock.GetUtcNow()).ShouldBe(TimeSpan.FromSeconds(1.6));
    }

    [Fact]
    public void Eleven_failures_within_the_window_spend_the_budget()
    {
        var created = _clock.GetUtcNow();
        Decide(Failures(10, TimeSpan.FromSeconds(5)), created).ShouldBeOfType<RestartDecision.ResumeAt>();
        var g = Decide(Failures(11, TimeSpan.FromSeconds(5)), created).ShouldBeOfType<RestartDecision.GiveUp>();
        g.Reason.ShouldContain("restart budget spent");
    }

    [Fact]
    public void Failures_older_than_the_window_no_longer_count()
    {
        var created = _clock.GetUtcNow();
        var runs = Failures(10, TimeSpan.FromSeconds(5));
        _clock.Advance(TimeSpan.FromMinutes(61));
        runs.AddRange(Failures(1, TimeSpan.FromSeconds(5)));
        Decide(runs, created).ShouldBeOfType<RestartDecision.ResumeAt>();
    }

    [Fact]
    public void Ten_minutes_of_healthy_running_forgive_the_budget_and_reset_the_backoff()
    {
        var created = _clock.GetUtcNow();
        var runs = Failures(10, TimeSpan.FromSeconds(5));
        runs.AddRange(Failures(1, TimeSpan.FromMinutes(11)));
        var d = Decide(runs, created).ShouldBeOfType<RestartDecision.ResumeAt>();
        (d.When - _clock.GetUtcNow()).ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_rate_limit_reset_time_later_than_the_backoff_is_honoured()
    {
        var created = _clock.GetUtcNow();
        var reset = _clock.GetUtcNow() + TimeSpan.FromMinutes(3);
        Decide(Failures(1, TimeSpan.FromSeconds(1)), created, reset).ShouldBe(new RestartDecision.ResumeAt(reset));
    }

    [Fact]
    public void Max_runtime_gives_up()
    {
        var created = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromHours(5));
        Decide(Failures(1, TimeSpan.FromSeconds(1)), created).ShouldBeOfType<RestartDecision.GiveUp>().Reason.ShouldContain("max runtime");
    }
}
