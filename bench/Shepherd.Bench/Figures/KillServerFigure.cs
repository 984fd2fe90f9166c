namespace Shepherd.Bench;

/// <summary><c>tmux kill-server</c> under 50 running tasks: the time until all 50 agents run again (the new launch
/// of the last one, from the agents' own journals). Shepherd with its daemon up; the seed's recipe polling every
/// second, measured, and every 3 minutes, computed from the same runs.</summary>
internal sealed class KillServerFigure : IFigure
{
    private static readonly TimeSpan SeedInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SeedSlowInterval = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public string Key => "kill-server";

    public string Title(BenchOptions o) => $"`tmux kill-server`, {o.KillServerTasks} running tasks → all {o.KillServerTasks} agents running again (daemon up, `--backoff 0s`)";

    public string Goal => "≤ 2 s";

    public void Run(BenchRun run)
    {
        var o = run.Options;
        var shepherd = run.Part("kill-server (shepherd)", () => MeasureShepherd(run), out var shepherdError);
        var seed = run.Part("kill-server (seed recipe)", () => MeasureSeed(run), out var seedError);
        var title = Title(o);
        var mine = shepherd is null ? $"not measured ({shepherdError})" : shepherd.Format(Samples.Sec);
        var pass = shepherd is null ? (bool?)null : shepherd.Median <= 2;
        if (seed is null)
        {
            run.Report.Add(new Row(title, mine, $"seed recipe: not measured ({seedError})", "", Goal, pass));
            return;
        }
        var (total, work) = (seed.Total, seed.Work);
        run.Report.Add(new Row(title, mine, $"seed recipe, 1 s poll: {total.Format(Samples.Sec)}",
            shepherd is null ? "" : Samples.Ratio(shepherd.Median / total.Median), Goal, pass));
        var slow = SeedSlowInterval.TotalSeconds / 2 + work.Median;
        run.Report.Add(new Row($"… against the seed's 3-minute poll (**computed**)", mine,
            $"≈ {Samples.Sec(slow)} (computed: 90 s mean wait for the poll + {Samples.Sec(work.Median)}, " +
            $"the measured work of a pass that finds all {o.KillServerTasks} gone; {Samples.Sec(work.Min)}–{Samples.Sec(SeedSlowInterval.TotalSeconds + work.Max)})",
            shepherd is null ? "" : Samples.Ratio(shepherd.Median / slow), Goal, pass));
    }

    private static Samples MeasureShepherd(BenchRun run)
    {
        var o = run.Options;
        using var box = run.NewSandbox(TimeSpan.FromSeconds(180) + o.KillServerRuns * (Limit + TimeSpan.FromSeconds(60)));
        box.StartDaemon();
        var names = Enumerable.Range(0, o.KillServerTasks).Select(i => $"k{i}").ToList();
        foreach (var n in names) box.StartOrThrow(n, "hang", "--backoff", "0s", "--max-restarts", "1000");
        box.WaitRunning(names, 1, TimeSpan.FromSeconds(120));
        var seconds = new List<double>();
        for (var i = 0; i < o.KillServerRuns; i++)
        {
            var before = Relaunch.Counts(names.Select(box.FakeState));
            var killedAt = DateTimeOffset.UtcNow;
            var r = box.Tmux("kill-server");
            if (!r.Ok) throw new InvalidOperationException($"tmux kill-server failed: {r.Describe()}");
            var last = Relaunch.WaitAll(box.Deadline, before, Limit, $"all {names.Count} agents running again after kill-server");
            seconds.Add((last - killedAt).TotalSeconds);
            Console.Error.WriteLine($"  shepherd: all {names.Count} agents running again {Samples.Sec(seconds[^1])} after kill-server");
            box.WaitRunning(names, before.Values.Min() + 1, TimeSpan.FromSeconds(60));
            Thread.Sleep(TimeSpan.FromSeconds(2)); // let the new runners and the daemon settle before the next kill
        }
        return new Samples(seconds);
    }

    private static RecoveryTimes MeasureSeed(BenchRun run)
    {
        var o = run.Options;
        using var box = run.NewSandbox(TimeSpan.FromSeconds(120) + o.KillServerRuns * (Limit + TimeSpan.FromSeconds(30)));
        var seed = new SeedRecipe(box);
        var names = Enumerable.Range(0, o.KillServerTasks).Select(i => $"s{i}").ToList();
        seed.Start(names);
        seed.WaitRunning(names, 1, TimeSpan.FromSeconds(120));
        seed.StartMonitor(SeedInterval);
        return seed.MeasureRecovery(names, o.KillServerRuns, () => seed.Tmux("kill-server"), Limit, "kill-server");
    }
}
