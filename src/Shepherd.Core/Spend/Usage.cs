using System.Globalization;

namespace Shepherd.Spend;

/// <summary>Tokens and cost as the agent reported them. <see cref="InputTokens"/> counts every input token, cached ones
/// included; <see cref="CachedInputTokens"/> is the part read from the provider's cache. A field the agent does not
/// report is null, never guessed.</summary>
public sealed record Usage(long? InputTokens = null, long? CachedInputTokens = null, long? OutputTokens = null, decimal? CostUsd = null)
{
    /// <summary>What a token budget counts: input (cached included) plus output.</summary>
    public long Tokens => (InputTokens ?? 0) + (OutputTokens ?? 0);

    public bool HasTokens => InputTokens is not null || OutputTokens is not null;

    public bool IsEmpty => !HasTokens && CachedInputTokens is null && CostUsd is null;

    /// <summary>Field by field; a field is null only when neither side has it.</summary>
    public static Usage? Sum(Usage? a, Usage? b) => a is null ? b : b is null ? a : new(
        Add(a.InputTokens, b.InputTokens), Add(a.CachedInputTokens, b.CachedInputTokens), Add(a.OutputTokens, b.OutputTokens),
        a.CostUsd is null && b.CostUsd is null ? null : (a.CostUsd ?? 0) + (b.CostUsd ?? 0));

    /// <summary>The sum of what several attempts reported (null: none reported any).</summary>
    public static Usage? Total(IEnumerable<Usage?> reported) => reported.Aggregate((Usage?)null, Sum);

    /// <summary>This running total less an earlier one of the same conversation (never below zero: a total that went
    /// down belongs to a conversation that started over).</summary>
    public Usage Since(Usage? earlier) => earlier is null ? this : new(
        Less(InputTokens, earlier.InputTokens), Less(CachedInputTokens, earlier.CachedInputTokens), Less(OutputTokens, earlier.OutputTokens),
        CostUsd is { } c ? (earlier.CostUsd is { } e && c >= e ? c - e : c) : null);

    private static long? Add(long? a, long? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);

    private static long? Less(long? now, long? before) => now is { } n ? (before is { } b && n >= b ? n - b : n) : null;

    /// <summary>"12.3k tokens, $0.42" (cost only where known); "" when nothing was reported.</summary>
    public string Short()
    {
        var parts = new List<string>();
        if (HasTokens) parts.Add($"{Count(Tokens)} tokens");
        if (CostUsd is { } c) parts.Add(Dollars(c));
        return string.Join(", ", parts);
    }

    public static string Count(long n) => n switch
    {
        < 1_000 => n.ToString(CultureInfo.InvariantCulture),
        < 1_000_000 => (n / 1000.0).ToString(n < 10_000 ? "0.#" : "0", CultureInfo.InvariantCulture) + "k",
        _ => (n / 1_000_000.0).ToString(n < 10_000_000 ? "0.##" : "0.#", CultureInfo.InvariantCulture) + "M",
    };

    public static string Dollars(decimal usd) => "$" + usd.ToString(usd < 1 ? "0.00##" : "0.00", CultureInfo.InvariantCulture);
}
