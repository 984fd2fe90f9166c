namespace Shepherd.Platform;

/// <summary>How one run of the <c>shepherd</c> CLI ended.</summary>
public sealed record CliOutcome(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The CLI's one-line error (<c>shepherd: …</c>), or a description when it printed none.</summary>
    public string ErrorLine()
    {
        var lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.LastOrDefault(l => l.StartsWith("shepherd:", StringComparison.Ordinal))
               ?? lines.LastOrDefault()
               ?? $"shepherd exited with code {ExitCode} and printed no error";
    }
}
