using System.Globalization;
using Shepherd.FakeModel;

namespace Shepherd.FakeModel.Host;

/// <summary>
/// Parses <c>--rule MARKER:KIND[:VALUE[:TIMES]]</c>: requests whose last user text contains MARKER get
/// KIND = <c>reply</c> (VALUE = text), <c>slow</c> (VALUE = seconds), <c>429</c> (VALUE = retry-after seconds),
/// any other HTTP status such as <c>500</c> or <c>400</c>, or <c>drop</c>; TIMES limits the rule to the next N
/// matching requests.
/// </summary>
internal static class RuleSpec
{
    public static void Apply(FakeModelServer server, string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length < 2) throw new ArgumentException($"rule '{spec}' must be MARKER:KIND[:VALUE[:TIMES]]");
        var value = parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null;
        int? times = parts.Length > 3 ? int.Parse(parts[3], CultureInfo.InvariantCulture) : null;
        var behavior = parts[1] switch
        {
            "reply" => ReplyBehavior.Reply(value ?? "OK"),
            "slow" => ReplyBehavior.Slow(TimeSpan.FromSeconds(Seconds(value, 30))),
            "429" => ReplyBehavior.RateLimited(TimeSpan.FromSeconds(Seconds(value, 1))),
            "drop" => ReplyBehavior.Drop(),
            var status when int.TryParse(status, CultureInfo.InvariantCulture, out var code) && code is >= 400 and <= 599 =>
                ReplyBehavior.HttpError(code, $"fake error {code}"),
            var other => throw new ArgumentException($"unknown rule kind '{other}'"),
        };
        server.WhenPromptContains(parts[0], behavior, times);
    }

    private static double Seconds(string? value, double fallback) =>
        value is null ? fallback : double.Parse(value, CultureInfo.InvariantCulture);
}
