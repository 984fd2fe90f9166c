namespace Shepherd.Platform;

/// <summary>How a process ended: an exit code, or the signal that killed it.</summary>
public sealed record ExitStatus(int? Code, int? Signal)
{
    public static ExitStatus Exited(int code) => new(code, null);
    public static ExitStatus Killed(int signal) => new(null, signal);
    /// <summary>waitpid could not tell (it failed): neither a code nor a signal.</summary>
    public static readonly ExitStatus Unknown = new(null, null);

    public static ExitStatus FromWaitStatus(int status) =>
        (status & 0x7f) == 0 ? Exited((status >> 8) & 0xff) : Killed(status & 0x7f);

    public override string ToString() => Signal is { } s ? $"signal {s} ({Signals.Name(s)})" : Code is { } c ? $"exit {c}" : "exit unknown";
}
