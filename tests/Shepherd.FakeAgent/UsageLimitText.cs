using System.Globalization;

namespace Shepherd.FakeAgent;

/// <summary>Each CLI's usage-limit message for a reset at <c>reset</c>, built the way the real one builds it
/// (docs/agents-found.md, "Usage limits"); <c>reset</c> null: the CLI was given no reset time.</summary>
internal static class UsageLimitText
{
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    /// <summary>Codex 0.169.0, a free plan: <c>retry_suffix_after_or</c> with <c>format_retry_timestamp</c> (local clock,
    /// whole minutes, a date only when the reset falls on another local day). Codex has no relative form.</summary>
    public static string Codex(DateTimeOffset now, DateTimeOffset? reset)
    {
        var when = " or try again later.";
        if (reset is { } r)
        {
            var local = TimeZoneInfo.ConvertTime(r, TimeZoneInfo.Local);
            var sameDay = local.Date == TimeZoneInfo.ConvertTime(now, TimeZoneInfo.Local).Date;
            when = $" or try again at {(sameDay ? "" : local.ToString("MMM d", En) + Ordinal(local.Day) + local.ToString(", yyyy ", En))}{local.ToString("h:mm tt", En)}.";
        }
        return "You’ve hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus)," + when;
    }

    /// <summary>Claude Code 2.1.197, a five-hour limit: <c>hJ("session limit", ` · resets ${Vee(resetsAt, true)}`)</c>.</summary>
    public static string ClaudeOnClock(DateTimeOffset now, DateTimeOffset? reset) =>
        "You've hit your session limit" + (reset is { } r ? " · resets " + ClaudeTime(now, r) : "");

    /// <summary>The relative form Claude prints for its fast-mode limit: " · resets in " + <c>Xi(ms, {hideTrailingZeros:true})</c>.</summary>
    public static string ClaudeIn(TimeSpan wait) => "You've hit your session limit · resets in " + ClaudeDuration(wait);

    /// <summary>OpenCode 1.18.33, the Go provider's limit, from retry-after seconds.</summary>
    public static string OpenCode(TimeSpan wait) =>
        $"Usage limit reached. It will reset in {OpenCodeDuration(wait)}. To continue using this model now, enable usage from your available balance - https://opencode.ai/workspace/wrk_fake/go";

    /// <summary>Pi 0.73.1 with a ChatGPT subscription, when the server's error has no message of its own.</summary>
    public static string Pi(TimeSpan wait) =>
        $"You have hit your ChatGPT usage limit (plus plan). Try again in ~{Math.Max(0, Math.Round(wait.TotalMinutes, MidpointRounding.AwayFromZero))} min.";

    /// <summary>Gemini CLI 0.61.0 (API key): the server's capacity message with its reset as a Go duration, wrapped by
    /// <c>parseAndFormatApiError</c> (the advice after the "]" is <see cref="GeminiAfter429"/>). Gemini has no clock form.</summary>
    public static string Gemini(TimeSpan wait) =>
        $"You have exhausted your capacity on this model. Your quota will reset after {GoDuration(wait)}.";

    /// <summary>Gemini CLI's own text for a daily quota (a QuotaFailure whose quotaId says PerDay): no reset named.</summary>
    public const string GeminiDaily = "You have exhausted your daily quota on this model.";

    /// <summary>What Gemini CLI adds after "[API Error: …]" on a 429 with API-key auth (RATE_LIMIT_ERROR_MESSAGE_USE_GEMINI).</summary>
    public const string GeminiAfter429 =
        "\nPlease wait and try again later. To increase your limits, request a quota increase through AI Studio, or switch to another /auth method";

    /// <summary>Go's time.Duration.String, whole seconds: 8h44m7s, 1m30s, 5s.</summary>
    private static string GoDuration(TimeSpan wait)
    {
        var all = Math.Max(0, (long)Math.Ceiling(wait.TotalSeconds));
        long h = all / 3600, m = all % 3600 / 60, s = all % 60;
        return h > 0 ? $"{h}h{m}m{s}s" : m > 0 ? $"{m}m{s}s" : $"{s}s";
    }

    private static string Ordinal(int day) => day is >= 11 and <= 13 ? "th" : (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };

    /// <summary>Vee: en-US hour (minutes unless :00), am/pm lower-cased; month and day when over 24 h away, the year when
    /// another; then the process's IANA zone in brackets.</summary>
    private static string ClaudeTime(DateTimeOffset now, DateTimeOffset reset)
    {
        var local = TimeZoneInfo.ConvertTime(reset, TimeZoneInfo.Local);
        // "%h", not "h": a one-letter format is a standard format, and .NET has no "h" (FormatException, then SIGABRT)
        var time = local.ToString(local.Minute == 0 ? "%h" : "h:mm", En) + local.ToString("tt", En).ToLowerInvariant();
        var date = (reset - now).TotalHours <= 24 ? ""
            : local.ToString("MMM d, ", En) + (local.Year != TimeZoneInfo.ConvertTime(now, TimeZoneInfo.Local).Year ? local.ToString("yyyy, ", En) : "");
        return $"{date}{time} ({TimeZoneInfo.Local.Id})";
    }

    /// <summary>Xi(ms, {hideTrailingZeros: true}).</summary>
    private static string ClaudeDuration(TimeSpan wait)
    {
        var ms = wait.TotalMilliseconds;
        if (ms < 60000) return $"{Math.Floor(ms / 1000)}s";
        long d = (long)(ms / 86400000), h = (long)(ms % 86400000 / 3600000), m = (long)(ms % 3600000 / 60000), s = (long)Math.Round(ms % 60000 / 1000, MidpointRounding.AwayFromZero);
        if (s == 60) { s = 0; m++; }
        if (m == 60) { m = 0; h++; }
        if (h == 24) { h = 0; d++; }
        if (d > 0) return h == 0 && m == 0 ? $"{d}d" : m == 0 ? $"{d}d {h}h" : $"{d}d {h}h {m}m";
        if (h > 0) return m == 0 && s == 0 ? $"{h}h" : s == 0 ? $"{h}h {m}m" : $"{h}h {m}m {s}s";
        return s == 0 ? $"{m}m" : $"{m}m {s}s";
    }

    private static string OpenCodeDuration(TimeSpan wait)
    {
        var all = Math.Max(0, (long)Math.Ceiling(wait.TotalSeconds));
        long d = all / 86400, h = all % 86400 / 3600, m = (long)Math.Ceiling(all % 3600 / 60.0);
        static string N(long n, string unit) => $"{n} {unit}{(n == 1 ? "" : "s")}";
        if (d > 0) return h > 0 ? $"{N(d, "day")} {N(h, "hour")}" : N(d, "day");
        if (h > 0) return m > 0 ? $"{N(h, "hour")} {N(m, "minute")}" : N(h, "hour");
        return m > 0 ? N(m, "minute") : "less than a minute";
    }
}
