using System.Diagnostics;
using System.Text;

namespace Shepherd.Bench;

/// <summary>Pass-through: an agent printing 1 GB of 100-byte text lines as fast as it can, from <c>shepherd start</c>
/// to the task's final state, against <c>cat &lt;1 GB file&gt; &gt; file</c> measured in the same run.</summary>
internal sealed class OutputFigure : IFigure
{
    public const string Line = "bulk output: the quick brown fox jumps over the lazy dog, again and again, to fill a line of text..\n";

    private long _runnerPeakKb;

    public string Key => "output";

    public string Title(BenchOptions o) => $"agent printing {Size(o.OutputBytes)} as fast as it can: `start` → final state";

    public string Goal => "≥ 100 MB/s and ≤ 1.2× `cat`";

    public void Run(BenchRun run)
    {
        var o = run.Options;
        var shepherd = run.Part("output (shepherd)", () => MeasureShepherd(run), out var shepherdError);
        var cat = run.Part("output (cat)", () => MeasureCat(run), out var catError);
        var mine = shepherd is null ? $"not measured ({shepherdError})"
            : $"{Samples.MBps(o.OutputBytes / 1e6 / shepherd.Median)}, {shepherd.Format(Samples.Sec)}";
        var theirs = cat is null ? $"cat: not measured ({catError})"
            : $"`cat` to a file: {Samples.MBps(o.OutputBytes / 1e6 / cat.Median)}, {cat.Format(Samples.Sec)}";
        var ratio = shepherd is not null && cat is not null ? shepherd.Median / cat.Median : (double?)null;
        var pass = shepherd is null ? (bool?)null : o.OutputBytes / 1e6 / shepherd.Median >= 100 && ratio is <= 1.2;
        run.Report.Add(new Row(Title(o), mine, theirs, ratio is { } r ? Samples.Ratio(r) + " the time" : "", Goal, pass));
        if (_runnerPeakKb > 0)
            run.Report.Add(new Row($"runner peak RSS (VmHWM) while its agent prints {Size(o.OutputBytes)}", Samples.MiB(_runnerPeakKb / 1024.0), "", "",
                "≤ 25 MB", _runnerPeakKb * 1024 <= 25e6));
    }

    private Samples MeasureShepherd(BenchRun run) =>
        new(Enumerable.Range(0, run.Options.OutputRuns).Select(i => MeasureShepherdOnce(run, last: i == run.Options.OutputRuns - 1)).ToList());

    private double MeasureShepherdOnce(BenchRun run, bool last)
    {
        var bytes = run.Options.OutputBytes;
        using var box = run.NewSandbox(TimeSpan.FromSeconds(60 + bytes / 3e6));
        var startedAt = DateTimeOffset.UtcNow;
        var sw = Stopwatch.StartNew();
        box.StartOrThrow("bulk", $"bulk:{bytes}");
        int runner;
        try { runner = box.RunnerPid("bulk"); }
        catch (InvalidOperationException) { runner = 0; } // no RSS or CPU samples then, the throughput still counts
        var tmuxServer = int.TryParse(box.Tmux("display-message", "-p", "#{pid}").Stdout.Trim(), out var t) ? t : 0;
        var tmux0 = Posix.CpuSeconds(tmuxServer) ?? 0;
        var (peakKb, runnerCpu) = (0L, 0.0);
        var final = box.Deadline.WaitFor(() =>
        {
            peakKb = Math.Max(peakKb, Posix.StatusKb(runner, "VmHWM") ?? 0);
            runnerCpu = Math.Max(runnerCpu, Posix.CpuSeconds(runner) ?? 0);
            var s = box.Status("bulk");
            return s.GetProperty("state").GetString() is "succeeded" or "failed" or "stopped" ? s : (System.Text.Json.JsonElement?)null;
        }, TimeSpan.FromSeconds(30 + bytes / 3e6), $"the task printing {Size(bytes)} to end", pollMs: 500);
        var polled = sw.Elapsed;
        var tmuxCpu = (Posix.CpuSeconds(tmuxServer) ?? 0) - tmux0;
        if (final.GetProperty("state").GetString() != "succeeded")
            throw new InvalidOperationException($"the task ended {final.GetProperty("state").GetString()}: {final.GetProperty("reason")}");
        // The moment it became final, from Shepherd's own record (the poll only notices it up to 0.5 s later).
        var ended = final.GetProperty("updatedAt").GetDateTimeOffset() - startedAt;
        var seconds = ended > TimeSpan.Zero && ended <= polled ? ended.TotalSeconds : polled.TotalSeconds;
        _runnerPeakKb = Math.Max(_runnerPeakKb, peakKb);
        if (!last) return seconds;
        // The runner frees what is left of the log's start after the final state is stored: look once it has finished up.
        box.Deadline.WaitFor(() => File.Exists(Path.Combine(box.Home, "tasks", "bulk", "done")) ? true : (bool?)null,
            TimeSpan.FromSeconds(30), "the runner to finish up", pollMs: 50);
        var logs = Directory.GetFiles(Path.Combine(box.Home, "tasks", "bulk"), "output.log*");
        var length = logs.Sum(f => new FileInfo(f).Length);
        var du = box.Run(["du", "-B1", "-c", .. logs], limit: TimeSpan.FromSeconds(10));
        var onDisk = du.Ok && long.TryParse(du.Stdout.Trim().Split('\n')[^1].Split('\t')[0], out var d) ? Size(d) : "unknown";
        run.Report.Note($"output (last run): runner CPU ≥ {Samples.Sec(runnerCpu)} (last sample), tmux server CPU {Samples.Sec(tmuxCpu)}; " +
                        $"the task's log is {Size(length)} long, {onDisk} of it on disk (its start is freed as it grows)");
        return seconds;
    }

    private static Samples MeasureCat(BenchRun run)
    {
        var bytes = run.Options.OutputBytes;
        using var box = run.NewSandbox(TimeSpan.FromSeconds(120 + bytes / 5e6));
        var source = Path.Combine(box.Dir, "source");
        var target = Path.Combine(box.Dir, "target");
        WriteSource(source, bytes);
        box.Run(["sh", "-c", "cat \"$0\" > /dev/null", source], limit: TimeSpan.FromSeconds(120)); // into the page cache
        var seconds = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            File.Delete(target);
            var r = box.Run(["sh", "-c", "cat \"$0\" > \"$1\"", source, target], limit: TimeSpan.FromSeconds(120));
            if (!r.Ok) throw new InvalidOperationException($"cat failed: {r.Describe()}");
            seconds.Add(r.Elapsed.TotalSeconds);
        }
        File.Delete(target);
        var agent = box.Run(["sh", "-c", "exec \"$0\" exec --json - < /dev/null > \"$1\"", box.Options.FakeAgent, target],
            new Dictionary<string, string?> { ["FAKE_AGENT_PLAN"] = $"bulk:{bytes}", ["FAKE_AGENT_STATE"] = box.FakeState("alone") },
            TimeSpan.FromSeconds(120));
        if (agent.Ok) run.Report.Note($"output: the fake agent alone, `fake-agent > file`: {Samples.MBps(bytes / 1e6 / agent.Elapsed.TotalSeconds)} ({Samples.Sec(agent.Elapsed.TotalSeconds)})");
        return new Samples(seconds);
    }

    /// <summary>The same 100-byte lines the fake agent's <c>bulk</c> step prints.</summary>
    private static void WriteSource(string path, long bytes)
    {
        var line = Encoding.ASCII.GetBytes(Line);
        var block = new byte[line.Length * 10_000];
        for (var i = 0; i < block.Length; i += line.Length) line.CopyTo(block, i);
        using var f = File.Create(path);
        for (var left = bytes; left > 0; left -= block.Length) f.Write(block, 0, (int)Math.Min(block.Length, left));
    }

    private static string Size(long bytes) => bytes >= 1_000_000_000 ? $"{bytes / 1e9:0.#} GB" : $"{bytes / 1e6:0} MB";
}
