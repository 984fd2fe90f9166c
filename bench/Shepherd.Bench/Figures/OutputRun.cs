using System.Diagnostics;
using System.Text.Json;

namespace Shepherd.Bench;

/// <summary>One task that prints a lot, timed from just before <c>shepherd start</c> to the final state it records.
/// The runner's CPU is its utime + stime from /proc, read every 10 ms until it has exited (its finishing up counts).</summary>
internal sealed record OutputRun(double Seconds, double? RunnerCpu, long RunnerPeakKb, double TmuxCpu)
{
    /// <param name="start">Runs <c>shepherd start</c> of <paramref name="task"/> (throws when it fails).</param>
    public static OutputRun Measure(Sandbox box, string task, long bytes, Action start)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var sw = Stopwatch.StartNew();
        start();
        int runner;
        try { runner = box.RunnerPid(task); }
        catch (InvalidOperationException) { runner = 0; } // no RSS or CPU samples then, the time still counts
        var cpu = runner > 0 ? CpuSampler.Start(runner) : null;
        var tmuxServer = int.TryParse(box.Tmux("display-message", "-p", "#{pid}").Stdout.Trim(), out var t) ? t : 0;
        var tmux0 = Posix.CpuSeconds(tmuxServer) ?? 0;
        var peakKb = 0L;
        var final = box.Deadline.WaitFor(() =>
        {
            peakKb = Math.Max(peakKb, Posix.StatusKb(runner, "VmHWM") ?? 0);
            var s = box.Status(task);
            return s.GetProperty("state").GetString() is "succeeded" or "failed" or "stopped" ? s : (JsonElement?)null;
        }, TimeSpan.FromSeconds(30 + bytes / 3e6), $"the task printing {Size(bytes)} to end", pollMs: 500);
        var polled = sw.Elapsed;
        var tmuxCpu = (Posix.CpuSeconds(tmuxServer) ?? 0) - tmux0;
        if (final.GetProperty("state").GetString() != "succeeded")
            throw new InvalidOperationException($"the task ended {final.GetProperty("state").GetString()}: {final.GetProperty("reason")}");
        var runnerCpu = cpu?.UntilExit(box.Deadline.Cap(TimeSpan.FromSeconds(30)));
        // The moment it became final, from Shepherd's own record (the poll only notices it up to 0.5 s later).
        var ended = final.GetProperty("updatedAt").GetDateTimeOffset() - startedAt;
        var seconds = ended > TimeSpan.Zero && ended <= polled ? ended.TotalSeconds : polled.TotalSeconds;
        return new OutputRun(seconds, runnerCpu, peakKb, tmuxCpu);
    }

    public static string Size(long bytes) => bytes >= 1_000_000_000 ? $"{bytes / 1e9:0.#} GB" : $"{bytes / 1e6:0} MB";

    /// <summary>The runner's CPU seconds per GB of output.</summary>
    public double? RunnerCpuPerGb(long bytes) => RunnerCpu / (bytes / 1e9);
}

/// <summary>Reads a process's utime + stime every 10 ms on a thread of its own, until the process is gone: the last
/// reading is at most 10 ms (one clock tick) before its exit, which a reader after its exit could no longer see.</summary>
internal sealed class CpuSampler
{
    private readonly int _pid;
    private readonly Thread _thread;
    private double _last = double.NaN;

    private CpuSampler(int pid)
    {
        _pid = pid;
        _thread = new Thread(Sample) { IsBackground = true, Name = "cpu sampler" };
    }

    public static CpuSampler Start(int pid)
    {
        var sampler = new CpuSampler(pid);
        sampler._thread.Start();
        return sampler;
    }

    /// <summary>The last reading once the process has exited (or <paramref name="limit"/> passed).</summary>
    public double? UntilExit(TimeSpan limit)
    {
        _thread.Join(limit);
        return Volatile.Read(ref _last) is var last && double.IsNaN(last) ? null : last;
    }

    private void Sample()
    {
        while (Posix.CpuSeconds(_pid) is { } cpu)
        {
            Volatile.Write(ref _last, cpu);
            if (Posix.State(_pid) is 'Z' or 'X') return;
            Thread.Sleep(10);
        }
    }
}
