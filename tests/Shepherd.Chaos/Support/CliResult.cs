namespace Shepherd.Chaos.Support;

/// <summary>How a command ended: its exit code (null when the harness killed it or it ran past its limit) and output.</summary>
public sealed record CliResult(int? ExitCode, string Stdout, string Stderr, bool Killed, bool TimedOut, TimeSpan Took)
{
    public bool Ok => ExitCode == 0;

    public string OneLine => $"exit {(ExitCode?.ToString() ?? (Killed ? "killed" : "timed out"))}: " +
                             (Stderr.Trim() is { Length: > 0 } e ? e : Stdout.Trim()).ReplaceLineEndings(" ") is var s && s.Length > 300 ? s[..300] + "…" : s;

    public override string ToString() => $"exit {ExitCode?.ToString() ?? "-"}{(Killed ? " (killed)" : "")}{(TimedOut ? " (timed out)" : "")}\nstdout: {Stdout}\nstderr: {Stderr}";
}
