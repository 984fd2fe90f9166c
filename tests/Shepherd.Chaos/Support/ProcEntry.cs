namespace Shepherd.Chaos.Support;

/// <summary>One process as /proc shows it: ids, state, start time (with the pid, its identity) and argv.</summary>
public sealed record ProcEntry(int Pid, int Ppid, int Pgid, char State, long StartTicks, IReadOnlyList<string> Argv)
{
    /// <summary>Zombies and dead processes have let go of everything (locks, memory): they no longer count as alive.</summary>
    public bool IsAlive => State is not ('Z' or 'X');

    public string Command => string.Join(' ', Argv.Select(a => a.Length > 80 ? a[..80] + "…" : a));

    public override string ToString() => $"pid {Pid} (pgid {Pgid}, {State}): {Command}";
}
