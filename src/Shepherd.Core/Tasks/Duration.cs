using System.Globalization;
using System.Text.RegularExpressions;

namespace Shepherd.Tasks;

/// <summary>Durations as the spec writes them: 90s, 20m, 5h, 2d, 250ms, 1.5s, and compounds from the largest unit
/// down such as 1h30m or 1d12h; a bare number is seconds.</summary>
public static partial class Duration
{
    [GeneratedRegex(@"^(\d+(?:\.\d+)?)$")]
    private static partial Regex Bare();

    [GeneratedRegex(@"^(?:(\d+(?:\.\d+)?)(ms|s|m|h|d))+$")]
    private static partial Regex Compound();

    private static readonly string[] Units = ["d", "h", "m", "s", "ms"];

    public static TimeSpan Parse(string text, string what = "duration")
    {
        var trimmed = text.Trim();
        var invalid = new UsageException($"invalid {what} {Printable.Quote(text)}: write e.g. 90s, 20m, 5h, 2d or 1h30m");
        TimeSpan span;
        if (Bare().Match(trimmed) is { Success: true } bare) span = TimeSpan.FromSeconds(Number(bare.Groups[1].Value));
        else if (Compound().Match(trimmed) is { Success: true } m)
        {
            span = TimeSpan.Zero;
            var previous = -1;
            for (var i = 0; i < m.Groups[1].Captures.Count; i++)
            {
                var unit = m.Groups[2].Captures[i].Value;
                var rank = Array.IndexOf(Units, unit);
                if (rank <= previous) throw invalid; // 1h30m, not 30m1h or 1h1h
                previous = rank;
                var n = Number(m.Groups[1].Captures[i].Value);
                span += unit switch
                {
                    "ms" => TimeSpan.FromMilliseconds(n),
                    "s" => TimeSpan.FromSeconds(n),
                    "m" => TimeSpan.FromMinutes(n),
                    "h" => TimeSpan.FromHours(n),
                    _ => TimeSpan.FromDays(n),
                };
            }
        }
        else throw invalid;
        return span <= TimeSpan.FromDays(3650) ? span : throw new UsageException($"{what} {Printable.Quote(text)} is too long");
    }

    // Anything larger is "too long" anyway; clamping keeps TimeSpan from overflowing.
    private static double Number(string digits) => Math.Min(double.Parse(digits, CultureInfo.InvariantCulture), 1e6);

    public static string Format(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => $"{span.TotalMilliseconds:0}ms",
        < 120 => $"{span.TotalSeconds:0.#}s",
        < 7200 => $"{span.TotalMinutes:0.#}m",
        _ => $"{span.TotalHours:0.#}h",
    };
}
