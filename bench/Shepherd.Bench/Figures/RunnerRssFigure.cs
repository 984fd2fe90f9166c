namespace Shepherd.Bench;

/// <summary>Resident memory of a runner while its agent runs (VmRSS of the runner process).</summary>
internal sealed class RunnerRssFigure : IFigure
{
    private const int Tasks = 5;

    public string Key => "rss";

    public string Title(BenchOptions o) => "runner RSS while its agent runs";

    public string Goal => "≤ 25 MB";

    public void Run(BenchRun run)
    {
        using var box = run.NewSandbox(TimeSpan.FromSeconds(120));
        var names = Enumerable.Range(0, Tasks).Select(i => $"m{i}").ToList();
        foreach (var n in names) box.StartOrThrow(n, "hang");
        box.WaitRunning(names, 1, TimeSpan.FromSeconds(60));
        Thread.Sleep(TimeSpan.FromSeconds(1)); // past the runner's start-up
        var kb = names.Select(n => (double)(Posix.StatusKb(box.RunnerPid(n), "VmRSS") ?? throw new InvalidOperationException($"runner of {n} is gone"))).ToList();
        var mib = new Samples(kb.Select(k => k / 1024));
        run.Report.Add(new Row(Title(run.Options), mib.Format(Samples.MiB), "", "", Goal, mib.Max * 1024 * 1024 <= 25e6));
    }
}
