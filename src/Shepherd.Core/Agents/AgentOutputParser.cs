using System.Text.Json;
using System.Text.RegularExpressions;

namespace Shepherd.Agents;

/// <summary>Reads the agent's stdout/stderr line by line into <see cref="AgentRunFacts"/>. Adapters read their
/// own JSON events; rate-limit and usage messages are recognised here for every agent.</summary>
public abstract partial class AgentOutputParser(TimeProvider clock)
{
    public AgentRunFacts Facts { get; } = new();

    /// <summary>Returns the session id when this line revealed it for the first time.</summary>
    public string? OnLine(string line, bool fromStderr)
    {
        var before = Facts.SessionId;
        if (line.Length > 0 && line.Length < 4_000_000 && line[0] == '{' && !fromStderr)
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind == JsonValueKind.Object) OnJson(doc.RootElement);
            }
            catch (JsonException) { /* not JSON after all */ }
        }
        OnText(line, fromStderr);
        ScanForRateLimit(line);
        return Facts.SessionId is { } id && id != before ? id : null;
    }

    protected abstract void OnJson(JsonElement e);

    protected virtual void OnText(string line, bool fromStderr)
    {
        if (fromStderr && UsagePattern().IsMatch(line)) Facts.UsageError = true;
    }

    protected void ReportError(string? message, int? statusCode = null, bool? retryable = null)
    {
        Facts.ApiError = true;
        Facts.ErrorMessage = message ?? Facts.ErrorMessage;
        Facts.StatusCode = statusCode ?? Facts.StatusCode ?? StatusIn(message);
        Facts.ErrorRetryable = retryable ?? Facts.ErrorRetryable;
    }

    private void ScanForRateLimit(string line)
    {
        if (!RateLimitPattern().IsMatch(line)) return;
        Facts.RateLimited = true;
        var m = RetryInPattern().Match(line);
        if (!m.Success) return;
        var n = double.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value.ToLowerInvariant();
        var wait = unit.StartsWith("ms") ? TimeSpan.FromMilliseconds(n)
            : unit.StartsWith('m') ? TimeSpan.FromMinutes(n)
            : unit.StartsWith('h') ? TimeSpan.FromHours(n)
            : TimeSpan.FromSeconds(n);
        if (wait > TimeSpan.FromHours(24)) return;
        Facts.RetryAfter = clock.GetUtcNow() + wait;
    }

    protected static int? StatusIn(string? message) =>
        message is not null && StatusPattern().Match(message) is { Success: true } m ? int.Parse(m.Groups[1].Value) : null;

    protected static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    protected static JsonElement? Obj(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    protected static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    [GeneratedRegex(@"rate.?limit|too many requests|\b429\b", RegexOptions.IgnoreCase)]
    private static partial Regex RateLimitPattern();

    [GeneratedRegex(@"(?:retry[- ]after|try again in|resets? in|retry in)\D{0,12}(?<n>\d+(?:\.\d+)?)\s*(?<unit>ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex RetryInPattern();

    [GeneratedRegex(@"\b([45]\d\d)\b")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"^(error: (unexpected|unrecognized|unknown|invalid|the argument)|Usage:)", RegexOptions.IgnoreCase)]
    private static partial Regex UsagePattern();
}
