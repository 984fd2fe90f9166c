using Shepherd.Platform;

namespace Shepherd.Tasks;

/// <summary>The lease a foreground run holds on its task in the store, so that one run at a time drives the task's
/// conversation even when the state directory is shared storage that several machines use (a file lock is not
/// enough there). The holder is the run's incarnation — host, boot id, pid and the pid's start time — and the lease
/// lapses unless renewed. A holder on this very machine and boot whose process is gone holds nothing.</summary>
public sealed record RunLease(string Host, string BootId, int Pid, long StartTicks)
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(60);

    public static RunLease Current() =>
        new(Environment.MachineName, Platform.BootId.Current(), ProcessInfo.CurrentPid, ProcessInfo.StartTicks(ProcessInfo.CurrentPid) ?? 0);

    public string Text => $"{Host} {BootId} {Pid} {StartTicks}";

    public static RunLease? Parse(string? text) =>
        text?.Split(' ') is [var host, var boot, var pid, var ticks] && int.TryParse(pid, out var p) && long.TryParse(ticks, out var t)
            ? new RunLease(host, boot, p, t) : null;

    /// <summary>Whether the holder's process is known to be gone: only a holder on this machine and boot can be looked at.</summary>
    public bool KnownGone => Host == Environment.MachineName && BootId == Platform.BootId.Current() && !ProcessInfo.IsSame(Pid, StartTicks);

    /// <summary>Whether <paramref name="task"/> is held, at <paramref name="now"/>, by a run other than <paramref name="me"/>.</summary>
    public static bool HeldByOther(TaskRecord task, DateTimeOffset now, RunLease? me = null) =>
        task.LeaseUntil is { } until && until > now && Parse(task.LeaseHolder) is { } holder && holder != me && !holder.KnownGone;

    public string Describe(DateTimeOffset until) => $"host {Host}, pid {Pid}, until {until:HH:mm:ss}Z";
}
