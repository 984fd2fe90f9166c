namespace Shepherd.Bench;

/// <summary>Pass-through of text printed as real agents print it: lines through stdio into the agent's stdout file,
/// which is 4 KiB writes (<c>head -c N /dev/zero | base64 -w WIDTH</c>), 1 GB in 200-byte lines, then in 8 KiB lines.
/// Timed from <c>shepherd start</c> to the task's final state, against the same producer into <c>cat &gt; file</c>,
/// the two taking turns; with the runner's CPU per GB.</summary>
internal sealed class LineOutputFigure : IFigure
{
    private static readonly int[] Widths = [200, 8192];

    private const string Agent = """
        #!/bin/sh
        # Plays codex: text lines as stdio writes them into a file (4 KiB at a time), then the turn's events.
        head -c "$BENCH_LINES_INPUT" /dev/zero | base64 -w "$BENCH_LINES_WIDTH"
        echo '{"type":"thread.started","thread_id":"0199a213-81c0-7800-8aa1-bbab2a035a53"}'
        echo '{"type":"turn.completed","usage":{"input_tokens":1,"output_tokens":1}}'
        """;

    public string Key => "lines";

    public string Title(BenchOptions o) => Title(o, Widths[0]);

    private static string Title(BenchOptions o, int width) =>
        $"agent printing {OutputRun.Size(o.OutputBytes)} in {(width >= 1024 ? $"{width / 1024} KiB" : $"{width}-byte")} lines " +
        $"(`base64 -w {width}`: 4 KiB writes): `start` → final state";

    private const string GoalText = "≤ 1.2× `cat`; runner ≤ 0.3 s of CPU per GB";

    public string Goal => GoalText;

    public void Run(BenchRun run)
    {
        foreach (var width in Widths)
        {
            var pairs = run.Part($"lines of {width} bytes", () => Measure(run, width), out var error);
            run.Report.Add(pairs is null ? Row.Failed(Title(run.Options, width), Goal, error!) : RowOf(run.Options, width, pairs));
        }
    }

    private static Row RowOf(BenchOptions o, int width, List<(OutputRun Shepherd, double Cat)> pairs)
    {
        var time = new Samples(pairs.Select(p => p.Shepherd.Seconds));
        var cat = new Samples(pairs.Select(p => p.Cat));
        var ratio = new Samples(pairs.Select(p => p.Shepherd.Seconds / p.Cat));
        var cpu = pairs.All(p => p.Shepherd.RunnerCpu is not null) ? new Samples(pairs.Select(p => p.Shepherd.RunnerCpuPerGb(o.OutputBytes)!.Value)) : null;
        var mine = $"{time.Format(Samples.Sec)}; runner CPU per GB: {cpu?.Format(Samples.Sec) ?? "not measured"}";
        var theirs = $"the same producer `| cat > file`: {cat.Format(Samples.Sec)}";
        return new Row(Title(o, width), mine, theirs, Samples.Ratio(ratio.Median) + " the time (paired)", GoalText, ratio.Median <= 1.2 && cpu?.Median <= 0.3);
    }

    private static List<(OutputRun, double)> Measure(BenchRun run, int width)
    {
        var bytes = run.Options.OutputBytes;
        var input = (bytes * 3 / 4).ToString(System.Globalization.CultureInfo.InvariantCulture); // base64: 4 characters for 3 bytes
        var pairs = new List<(OutputRun, double)>();
        for (var i = 0; i < run.Options.OutputRuns; i++)
        {
            using var box = run.NewSandbox(TimeSpan.FromSeconds(120 + bytes / 2e6));
            var agent = Path.Combine(box.Dir, "lines-agent");
            File.WriteAllText(agent, Agent + "\n");
            File.SetUnixFileMode(agent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var env = new Dictionary<string, string?>
            {
                ["SHEPHERD_CODEX_BIN"] = agent, ["BENCH_LINES_INPUT"] = input, ["BENCH_LINES_WIDTH"] = width.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            var shepherd = OutputRun.Measure(box, "lines", bytes, () =>
            {
                var r = box.StartWith("lines", env);
                if (!r.Ok) throw new InvalidOperationException($"shepherd start lines failed: {r.Describe()}");
            });
            var target = Path.Combine(box.Dir, "target");
            var cat = box.Run(["sh", "-c", "head -c \"$BENCH_LINES_INPUT\" /dev/zero | base64 -w \"$BENCH_LINES_WIDTH\" | cat > \"$0\"", target], env,
                TimeSpan.FromSeconds(120));
            if (!cat.Ok) throw new InvalidOperationException($"the producer into cat failed: {cat.Describe()}");
            pairs.Add((shepherd, cat.Elapsed.TotalSeconds));
        }
        return pairs;
    }
}
