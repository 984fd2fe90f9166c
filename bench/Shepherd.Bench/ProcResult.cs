namespace Shepherd.Bench;

/// <summary>What a finished child process left: its exit code, output and how long it took.</summary>
internal sealed record ProcResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public bool Ok => ExitCode == 0;

    public string Describe()
    {
        var message = Stderr.Trim() is { Length: > 0 } e ? e : Stdout.Trim();
        return message.Length == 0 ? $"exit {ExitCode}, no output" : $"exit {ExitCode}: {(message.Length > 300 ? message[..300] + "…" : message)}";
    }
}
