using Shepherd.Agents;
using Shepherd.Platform;
using Shouldly;

namespace Shepherd.Tests.Unit;

public sealed class ExitClassifierSpecs
{
    private static string Kind(ExitStatus exit, AgentRunFacts? facts = null) => ExitClassifier.Classify(exit, facts ?? new AgentRunFacts()).Kind;

    [Fact]
    public void Exit_0_without_an_error_succeeds() => Kind(ExitStatus.Exited(0)).ShouldBe(Outcome.Succeeded);

    [Theory]
    [InlineData(9)]
    [InlineData(15)]
    [InlineData(11)]
    [InlineData(1)]
    public void A_signal_is_retryable(int signal) => Kind(ExitStatus.Killed(signal)).ShouldBe(Outcome.Retryable);

    [Fact]
    public void Exit_137_from_a_wrapper_is_read_as_sigkill_and_retryable() =>
        ExitClassifier.Classify(ExitStatus.Exited(137), new()).Detail.ShouldContain("SIGKILL");

    [Fact]
    public void An_unexplained_non_zero_exit_is_retryable() => Kind(ExitStatus.Exited(3)).ShouldBe(Outcome.Retryable);

    [Theory]
    [InlineData(126)]
    [InlineData(127)]
    public void A_binary_that_cannot_run_is_not_retryable(int code) => Kind(ExitStatus.Exited(code)).ShouldBe(Outcome.NonRetryable);

    [Theory]
    [InlineData(401, Outcome.NonRetryable)]
    [InlineData(403, Outcome.NonRetryable)]
    [InlineData(400, Outcome.NonRetryable)]
    [InlineData(500, Outcome.Retryable)]
    [InlineData(529, Outcome.Retryable)]
    [InlineData(429, Outcome.Retryable)]
    public void Api_errors_are_classified_by_status(int status, string kind) =>
        Kind(ExitStatus.Exited(1), new AgentRunFacts { ApiError = true, StatusCode = status }).ShouldBe(kind);

    [Fact]
    public void Pis_api_error_with_exit_0_is_not_a_success() =>
        Kind(ExitStatus.Exited(0), new AgentRunFacts { ApiError = true, ErrorMessage = "500 boom", StatusCode = 500 }).ShouldBe(Outcome.Retryable);

    [Fact]
    public void Opencodes_own_not_retryable_verdict_is_respected() =>
        Kind(ExitStatus.Exited(1), new AgentRunFacts { ApiError = true, ErrorRetryable = false }).ShouldBe(Outcome.NonRetryable);

    [Fact]
    public void A_usage_error_and_a_missing_session_are_not_retryable()
    {
        Kind(ExitStatus.Exited(2), new AgentRunFacts { UsageError = true }).ShouldBe(Outcome.NonRetryable);
        Kind(ExitStatus.Exited(1), new AgentRunFacts { SessionMissing = true }).ShouldBe(Outcome.NonRetryable);
    }

    [Fact]
    public void A_rate_limit_carries_its_reset_time()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(2);
        var o = ExitClassifier.Classify(ExitStatus.Exited(1), new AgentRunFacts { RateLimited = true, RetryAfter = at });
        o.Kind.ShouldBe(Outcome.Retryable);
        o.RetryAfter.ShouldBe(at);
    }

    [Fact]
    public void Wait_statuses_decode_to_code_or_signal()
    {
        ExitStatus.FromWaitStatus(3 << 8).ShouldBe(ExitStatus.Exited(3));
        ExitStatus.FromWaitStatus(9).ShouldBe(ExitStatus.Killed(9));
        ExitStatus.FromWaitStatus(0x80 | 11).ShouldBe(ExitStatus.Killed(11)); // core dumped
    }
}
