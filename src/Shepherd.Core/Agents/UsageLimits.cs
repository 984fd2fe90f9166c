using System.Globalization;
using System.Text.RegularExpressions;

namespace Shepherd.Agents;

/// <summary>Reads a usage-limit message, and the reset it names, out of the agent's own error text (an error event, a
/// failed result, a stderr line), never out of the model's text. The forms are the pinned CLIs' own (see
/// docs/agents-found.md, "Usage limits"): Codex "You’ve hit your usage limit. … or try again at 3:28 PM.", Claude
/// "You've hit your session limit · resets 6:33am (Australia/Brisbane)", OpenCode "Usage limit reached. It will reset in
/// 3 days 6 hours. …", Pi "You have hit your ChatGPT usage limit (plus plan). Try again in ~158 min.", Gemini "[API Error: You have exhausted your capacity on
/// this model. Your quota will reset after 8h44m7s.…]", Qwen "Quota exhausted: …",
/// Copilot "You've reached your weekly rate limit. Please wait for your limit to reset on April 20, 2026 at 2:00 AM …".</summary>
public static partial class UsageLimits
{
    private const int MaxText = 4096;

    /// <summary>The usage limit this error text reports; null when it reports something else (a plain rate limit too).</summary>
    public static UsageLimit? Read(string? agentError)
    {
        if (agentError is null) return null;
        var text = agentError.Length > MaxText ? agentError[..MaxText] : agentError;
        return Limit().IsMatch(text) ? new UsageLimit(text.Trim(), ReadReset(text)) : null;
    }

    /// <summary>The reset a usage-limit message names: relative ("resets in 1d 5h") or on the clock ("try again at
    /// 3:28 PM"); null when it names none or an impossible one.</summary>
    public static UsageReset? ReadReset(string text)
    {
        if (Relative().Match(text) is { Success: true } r) return Wait(r);
        if (Clock().Match(text) is { Success: true } c) return OnClock(c);
        if (NumericDate().Match(text) is { Success: true } d) return OnDate(d);
        return null;
    }

    private static UsageReset.After? Wait(Match m)
    {
        if (m.Groups["lessThanAMinute"].Success) return new(TimeSpan.FromMinutes(1));
        var seconds = 0.0;
        var counts = m.Groups["n"].Captures;
        var units = m.Groups["unit"].Captures;
        for (var i = 0; i < counts.Count; i++)
            seconds += double.Parse(counts[i].Value, CultureInfo.InvariantCulture) * UnitSeconds(units[i].Value.ToLowerInvariant());
        return seconds <= TimeSpan.FromDays(400).TotalSeconds ? new(TimeSpan.FromSeconds(seconds)) : null;
    }

    private static double UnitSeconds(string unit) => unit switch
    {
        "ms" => 0.001,
        _ when unit.StartsWith('d') => 86400,
        _ when unit.StartsWith('h') => 3600,
        _ when unit.StartsWith('m') => 60,
        _ => 1,
    };

    private static UsageReset.OnClock? OnClock(Match m)
    {
        var hour = int.Parse(m.Groups["hour"].Value, CultureInfo.InvariantCulture);
        var minute = Number(m, "minute") ?? 0;
        if (m.Groups["ampm"].Success)
        {
            if (hour is < 1 or > 12) return null;
            hour = hour % 12 + (char.ToLowerInvariant(m.Groups["ampm"].Value[0]) == 'p' ? 12 : 0);
        }
        if (hour > 23 || minute > 59) return null;
        var day = Number(m, "day");
        var year = Number(m, "year");
        if (day is < 1 or > 31 || year is < 2000 or > 9000) return null;
        return new UsageReset.OnClock(new TimeOnly(hour, minute))
        {
            Weekday = m.Groups["weekday"].Success ? Weekday(m.Groups["weekday"].Value) : null,
            Month = m.Groups["month"].Success ? Month(m.Groups["month"].Value) : null,
            Day = day,
            Year = year,
            Zone = m.Groups["zone"].Success ? m.Groups["zone"].Value : null,
        };
    }

    /// <summary>"will reset at 07-27 09:25:00 UTC", "will reset at 2026-07-28" (a provider's text in Qwen's "Quota exhausted:").</summary>
    private static UsageReset.OnClock? OnDate(Match m)
    {
        int month = Number(m, "month")!.Value, day = Number(m, "day")!.Value, hour = Number(m, "hour") ?? 0, minute = Number(m, "minute") ?? 0;
        var year = Number(m, "year");
        if (month is < 1 or > 12 || day is < 1 or > 31 || hour > 23 || minute > 59 || year is < 2000 or > 9000) return null;
        return new UsageReset.OnClock(new TimeOnly(hour, minute))
        {
            Month = month, Day = day, Year = year, Zone = m.Groups["zone"].Success ? "UTC" : null,
        };
    }

    private static int? Number(Match m, string group) =>
        m.Groups[group].Success ? int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : null;

    private static readonly string[] Weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static DayOfWeek Weekday(string name) => (DayOfWeek)Array.IndexOf(Weekdays, name[..3].ToLowerInvariant());

    private static int Month(string name) => Array.IndexOf(Months, name[..3].ToLowerInvariant()) + 1;

    [GeneratedRegex(@"\bYou['’]ve\s+hit\s+your\s+(?:[^.·\n]{1,40}?\s+)?limit\b" +  // Codex, Claude
                    @"|\bYou\s+have\s+hit\s+your\s+(?:ChatGPT\s+)?usage\s+limit\b" +  // Pi
                    @"|\busage\s+limit\s+reached\b" +  // OpenCode
                    @"|\bYou['’]re\s+out\s+of\s+(?:usage\s+credits|extra\s+usage)\b|\bYour\s+org\s+is\s+out\s+of\s+usage\b" +  // Claude
                    @"|\bYour\s+workspace\s+is\s+out\s+of\s+credits\b|\bYou\s+hit\s+your\s+spend\s+cap\b" +  // Codex
                    @"|\bQuota\s+exceeded\.\s+Check\s+your\s+plan\s+and\s+billing\s+details\b" +  // Codex
                    @"|\bYou\s+have\s+exhausted\s+your\s+(?:daily\s+quota|capacity)\b" +  // Gemini (its own text; the server's)
                    @"|\bQuota\s+exhausted:" +  // Qwen Code
                    @"|\bYou['’]ve\s+reached\s+your\s+(?:weekly\s+)?rate\s+limit\b|\bYou['’]ve\s+hit\s+the\s+rate\s+limit\s+for\s+this\s+model\b" +  // Copilot
                    @"|\byou['’]ve\s+hit\s+a\s+rate\s+limit\s+that\s+restricts\b|\bNo\s+remaining\s+quota\s+for\s+premium\s+requests\b|\bAI\s+credit\s+limit\s+reached\b" +  // Copilot
                    @"|\bSuggested\s+retry\s+after\s+(?:30[1-9]|3[1-9]\d|[4-9]\d\d|[1-9]\d{3,})(?:\.\d+)?s\b",  // Gemini: over 300 s it gives up (TerminalQuotaError)
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Limit();

    // "wait": Qwen's and Copilot's "wait 5 minutes". "after": Gemini's "Your quota will reset after 8h44m7s." and "Suggested retry after 3600s." (units run together).
    [GeneratedRegex(@"\b(?:(?:resets?|try\s+again|retry)\s+in|(?:resets?|retry)\s+after|wait)\s+~?\s*(?:(?<lessThanAMinute>less\s+than\s+a\s+minute)" +
                    @"|(?:(?<n>\d+(?:\.\d+)?)\s*(?<unit>ms|d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)(?![A-Za-z])[\s,]*(?:and\s+)?)+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    [GeneratedRegex(@"\b(?:resets?(?:\s+at|\s+on)?|try\s+again\s+at)\s+" +
                    @"(?:(?<weekday>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?" +
                    @"(?:(?<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(?<year>\d{4}),?\s+)?(?:at\s+)?)?" +
                    @"(?<hour>\d{1,2})(?:(?::(?<minute>\d{2}))?\s*(?<ampm>[ap])\.?m\b\.?|:(?<minute>\d{2})\b)" +
                    @"(?:\s*\((?<zone>[A-Za-z][\w+\-/]*)\))?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Clock();

    [GeneratedRegex(@"\breset\s+at\s+(?:(?<year>\d{4})-)?(?<month>\d{2})-(?<day>\d{2})(?:[ T](?<hour>\d{2}):(?<minute>\d{2})(?::\d{2})?)?(?:\s*(?<zone>UTC|GMT|Z)\b)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();
}
