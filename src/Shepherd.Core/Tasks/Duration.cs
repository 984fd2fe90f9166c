using System.Globalization;
using System.Text.RegularExpressions;

namespace Shepherd.Tasks;

/// <summary>Durations as the spec writes them: 90s, 20m, 5h, 250ms, 1.5s; a bare number is seconds.</summary>
public static partial class Duration
{
    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$")]
    private static partial Regex Pattern();

    public static TimeSpan Parse(string text, string what = "duration")
    {
        var m = Pattern().Match(text.Trim());
        if (!m.Success) throw new UsageException($"invalid {what} {Printable.Quote(text)}: write e.g. 90s, 20m, 5h");
        var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var span = m.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            _ => TimeSpan.FromSeconds(n),
        };
        return span <= TimeSpan.FromDays(3650) ? span : throw new UsageException($"{what} {Printable.Quote(text)} is too long");
    }

    public static string Format(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => $"{span.TotalMilliseconds:0}ms",
        < 120 => $"{span.TotalSeconds:0.#}s",
        < 7200 => $"{span.TotalMinutes:0.#}m",
        _ => $"{span.TotalHours:0.#}h",
    };
}
