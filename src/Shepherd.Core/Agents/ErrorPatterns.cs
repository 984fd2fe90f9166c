using System.Globalization;
using System.Text.RegularExpressions;

namespace Shepherd.Agents;

/// <summary>The few patterns read from the agent's own error messages (error events and stderr), never from the
/// model's text: a status code, a rate limit and its reset time, a rejected command line.</summary>
public static partial class ErrorPatterns
{
    public static bool IsRateLimit(string? text) => text is not null && RateLimit().IsMatch(text);

    public static bool IsUsageError(string line) => Usage().IsMatch(line);

    public static int? Status(string? message) =>
        message is not null && StatusCode().Match(message) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>"try again in 20s", "retry-after: 3", "resets in 5 minutes": how long to wait; null when none (or over a day).</summary>
    public static TimeSpan? RetryAfter(string? text)
    {
        if (text is null || RetryIn().Match(text) is not { Success: true } m) return null;
        var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value.ToLowerInvariant();
        var wait = unit.StartsWith("ms") ? TimeSpan.FromMilliseconds(n)
            : unit.StartsWith('m') ? TimeSpan.FromMinutes(n)
            : unit.StartsWith('h') ? TimeSpan.FromHours(n)
            : TimeSpan.FromSeconds(n);
        return wait <= TimeSpan.FromHours(24) ? wait : null;
    }

    [GeneratedRegex(@"rate.?limit|too many requests|\b429\b", RegexOptions.IgnoreCase)]
    private static partial Regex RateLimit();

    [GeneratedRegex(@"(?:retry[- ]after|try again in|resets? in|retry in)\D{0,12}(?<n>\d+(?:\.\d+)?)\s*(?<unit>ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex RetryIn();

    [GeneratedRegex(@"\b([45]\d\d)\b")]
    private static partial Regex StatusCode();

    [GeneratedRegex(@"^(error: (unexpected|unrecognized|unknown|invalid|the argument)|Usage:)", RegexOptions.IgnoreCase)]
    private static partial Regex Usage();
}
