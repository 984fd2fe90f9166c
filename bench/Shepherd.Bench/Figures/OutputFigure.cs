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

    public string Goal => "≥ 100 MB/s and ≤ 1.2× `cat`; runner ≤ 0.3 s of CPU per GB";

    public void Run(BenchRun run)
    {
        var o = run.Options;
        var shepherd = run.Part("output (shepherd)", () => MeasureShepherd(run), out var shepherdError);
        var cat = run.Part("output (cat)", () => MeasureCat(run), out var catError);
        var time = shepherd is null ? null : new Samples(shepherd.Select(r => r.Seconds));
        var cpu = shepherd?.All(r => r.RunnerCpu is not null) == true ? new Samples(shepherd.Select(r => r.RunnerCpuPerGb(o.OutputBytes)!.Value)) : null;
        var mine = time is null ? $"not measured ({shepherdError})"
            : $"{Samples.MBps(o.OutputBytes / 1e6 / time.Median)}, {time.Format(Samples.Sec)}; runner CPU per GB: {cpu?.Format(Samples.Sec) ?? "not measured"}";
        var theirs = cat is null ? $"cat: not measured ({catError})"
            : $"`cat` to a file: {Samples.MBps(o.OutputBytes / 1e6 / cat.Median)}, {cat.Format(Samples.Sec)}";
        var ratio = time is not null && cat is not null ? time.Median / cat.Median : (double?)null;
        var pass = time is null ? (bool?)null : o.OutputBytes / 1e6 / time.Median >= 100 && ratio is <= 1.2 && cpu?.Median <= 0.3;
        run.Report.Add(new Row(Title(o), mine, theirs, ratio is { } r ? Samples.Ratio(r) + " the time" : "", Goal, pass));
        if (_runnerPeakKb > 0)
            run.Report.Add(new Row($"runner peak RSS (VmHWM) while its agent prints {Size(o.OutputBytes)}", Samples.MiB(_runnerPeakKb / 1024.0), "", "",
                "≤ 25 MB", _runnerPeakKb * 1024 <= 25e6));
    }

    private List<OutputRun> MeasureShepherd(BenchRun run) =>
        Enumerable.Range(0, run.Options.OutputRuns).Select(i => MeasureShepherdOnce(run, last: i == run.Options.OutputRuns - 1)).ToList();

    private OutputRun MeasureShepherdOnce(BenchRun run, bool last)
    {
        var bytes = run.Options.OutputBytes;
        using var box = run.NewSandbox(TimeSpan.FromSeconds(60 + bytes / 3e6));
        var result = OutputRun.Measure(box, "bulk", bytes, () => box.StartOrThrow("bulk", $"bulk:{bytes}"));
        _runnerPeakKb = Math.Max(_runnerPeakKb, result.RunnerPeakKb);
        if (!last) return result;
        // The runner frees what is left of the log's start after the final state is stored: look once it has finished up.
        box.Deadline.WaitFor(() => File.Exists(Path.Combine(box.Home, "tasks", "bulk", "done")) ? true : (bool?)null,
            TimeSpan.FromSeconds(30), "the runner to finish up", pollMs: 50);
        var logs = Directory.GetFiles(Path.Combine(box.Home, "tasks", "bulk"), "output.log*");
        var length = logs.Sum(f => new FileInfo(f).Length);
        var du = box.Run(["du", "-B1", "-c", .. logs], limit: TimeSpan.FromSeconds(10));
        var onDisk = du.Ok && long.TryParse(du.Stdout.Trim().Split('\n')[^1].Split('\t')[0], out var d) ? Size(d) : "unknown";
        run.Report.Note($"output (last run): runner CPU {(result.RunnerCpu is { } c ? Samples.Sec(c) : "not measured")} in all, tmux server CPU {Samples.Sec(result.TmuxCpu)}; " +
                        $"the task's log is {Size(length)} long, {onDisk} of it on disk (its start is freed as it grows)");
        return result;
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

    private static string Size(long bytes) => OutputRun.Size(bytes);
}
