namespace Shepherd.Bench;

/// <summary><c>shepherd start</c> (it returns once the task's tmux session exists) against a raw
/// <c>tmux new-session -d</c>, the first step of the seed's recipe.</summary>
internal sealed class StartFigure : IFigure
{
    public string Key => "start";

    public string Title(BenchOptions o) => "`start` latency";

    public string Goal => "";

    public void Run(BenchRun run)
    {
        var runs = run.Options.StartRuns;
        using var box = run.NewSandbox(TimeSpan.FromSeconds(60) + runs * TimeSpan.FromSeconds(20));
        var raw = box.NewSocket("raw");
        var i = 0;
        var (mine, theirs) = ListFigure.Interleaved(runs,
            () =>
            {
                var name = $"s{i}";
                var r = box.Start(name, "hang");
                // Its runner and agent start after `start` returns: let them, so they do not slow the next call.
                if (r.Ok) box.Deadline.WaitFor(() => FakeJournal.Count(box.FakeState(name)) > 0, TimeSpan.FromSeconds(20), $"{name}'s agent");
                return r;
            },
            () => box.Run(["tmux", "-L", raw, "-f", "/dev/null", "new-session", "-d", "-s", $"codex-s{i++}"]));
        run.Report.Add(new Row(Title(run.Options), mine.Format(Samples.Ms), $"`tmux new-session -d`: {theirs.Format(Samples.Ms)}",
            Samples.Ratio(mine.Median / theirs.Median), "—", null));
    }
}
