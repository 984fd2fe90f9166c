namespace Shepherd.Tasks;

/// <summary>A reading of the monotonic clock and the boot it belongs to: what the restart budget's window is counted on,
/// so that a wall-clock jump neither refills the budget nor spends it.
/// <para>TimeProvider.System's timestamps are Stopwatch's, on Linux CLOCK_MONOTONIC: one clock for every process of a
/// boot, so a runner that took over from a lost one (tmux kill-server, a relaunch) ages its predecessors' runs on it
/// as well. It stops while the machine is suspended (dotnet/runtime#77945): a suspend does not age failures, as it does
/// not run the agent either. A run of an earlier boot, or one without a monotonic end (an attempt that recovery ended
/// as lost, rows from before migration 6), is aged by the wall clock, the only clock that spans a reboot.</para></summary>
public readonly record struct MonotonicTime(string BootId, long Milliseconds)
{
    public static MonotonicTime Now(TimeProvider clock, string bootId)
    {
        var ticks = clock.GetTimestamp();
        var frequency = clock.TimestampFrequency;
        return new(bootId, ticks / frequency * 1000 + ticks % frequency * 1000 / frequency); // no overflow for any uptime
    }

    /// <summary>How long ago a run that ended at <paramref name="endedMs"/> in boot <paramref name="bootId"/> ended;
    /// null when this clock cannot tell (another boot, no monotonic end).</summary>
    public TimeSpan? Since(string? bootId, long? endedMs) =>
        bootId == BootId && endedMs is { } e && e <= Milliseconds ? TimeSpan.FromMilliseconds(Milliseconds - e) : null;
}
