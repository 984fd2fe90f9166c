using System.Text.Json;

namespace Shepherd.Bench;

/// <summary>kill -9 of the agent → the new agent started (its own journal entry), with <c>--backoff 0s</c>.
/// Against the seed's recipe polling every second (measured) and every 3 minutes (computed).</summary>
internal sealed class CrashFigure : IFigure
{
    private static readonly TimeSpan SeedSlowInterval = TimeSpan.FromMinutes(3);

    public string Key => "crash";

    public string Title(BenchOptions o) => "kill -9 of the agent → new agent started (`--backoff 0s`), p50";

    public string Goal => "≤ 20 ms";

    public void Run(BenchRun run)
    {
        var shepherd = run.Part("crash (shepherd)", () => MeasureShepherd(run), out var shepherdError);
        var seed = run.Part("crash (seed recipe)", () => MeasureSeed(run), out var seedError);
        var title = Title(run.Options);
        var mine = shepherd is null ? $"not measured ({shepherdError})" : shepherd.Format(Samples.Ms);
        var pass = shepherd is null ? (bool?)null : shepherd.Median <= 20;
        if (seed is null)
        {
            run.Report.Add(new Row(title, mine, $"seed recipe: not measured ({seedError})", "", Goal, pass));
            return;
        }
        run.Report.Add(new Row(title, mine, $"seed recipe, 1 s poll: {seed.Total.Format(Samples.Ms)}",
            shepherd is null ? "" : Samples.Ratio(shepherd.Median / seed.Total.Median), Goal, pass));
        var slow = SeedSlowInterval.TotalMilliseconds / 2 + seed.Work.Median;
        run.Report.Add(new Row("… against the seed's 3-minute poll (**computed**)", mine,
            $"≈ {Samples.Sec(slow / 1000)} (computed: 90 s mean wait for the poll + {Samples.Ms(seed.Work.Median)} measured work)",
            shepherd is null ? "" : Samples.Ratio(shepherd.Median / slow), Goal, pass));
    }

    private static Samples MeasureShepherd(BenchRun run)
    {
        var o = run.Options;
        using var box = run.NewSandbox(TimeSpan.FromSeconds(60) + o.CrashRuns * TimeSpan.FromSeconds(20));
        const string name = "crash";
        box.StartOrThrow(name, "hang", "--backoff", "0s", "--max-restarts", "1000");
        box.WaitRunning([name], 1, TimeSpan.FromSeconds(30));
        var state = box.FakeState(name);
        var toAgent = new List<double>();
        var toAttempt = new List<double>();
        for (var i = 0; i < o.CrashRuns; i++)
        {
            var agent = FakeJournal.Last(state)!;
            // Kill only an agent the runner has recorded as its attempt's process.
            box.Deadline.WaitFor(() => LastAttempt(box, name) is { } a &&
                                       (!a.TryGetProperty("pid", out var p) || p.ValueKind == JsonValueKind.Number && p.GetInt32() == agent.Pid),
                TimeSpan.FromSeconds(10), "the runner to record its agent's pid");
            var before = Relaunch.Counts([state]);
            var killedAt = DateTimeOffset.UtcNow;
            Posix.Signal(agent.Pid, Posix.SIGKILL);
            var started = Relaunch.WaitAll(box.Deadline, before, TimeSpan.FromSeconds(10), "the new agent after kill -9");
            toAgent.Add((started - killedAt).TotalMilliseconds);
            var attempts = box.Status(name).GetProperty("history");
            if (attempts.GetArrayLength() > before[state])
                toAttempt.Add((attempts[before[state]].GetProperty("startedAt").GetDateTimeOffset() - killedAt).TotalMilliseconds);
        }
        if (toAttempt.Count > 0)
            run.Report.Note($"crash: kill -9 → the new attempt recorded as started (Shepherd's own timestamp): {new Samples(toAttempt).Format(Samples.Ms)}");
        return new Samples(toAgent);
    }

    private static JsonElement? LastAttempt(Sandbox box, string name) =>
        box.Status(name).GetProperty("history") is { ValueKind: JsonValueKind.Array } h && h.GetArrayLength() > 0 ? h[h.GetArrayLength() - 1] : null;

    private static RecoveryTimes MeasureSeed(BenchRun run)
    {
        var o = run.Options;
        using var box = run.NewSandbox(TimeSpan.FromSeconds(60) + o.SeedCrashRuns * TimeSpan.FromSeconds(20));
        var seed = new SeedRecipe(box);
        string[] names = ["c0"];
        seed.Start(names);
        seed.WaitRunning(names, 1, TimeSpan.FromSeconds(30));
        seed.StartMonitor(TimeSpan.FromSeconds(1));
        var state = seed.State(names[0]);
        var s = seed.MeasureRecovery(names, o.SeedCrashRuns, () => Posix.Signal(FakeJournal.Last(state)!.Pid, Posix.SIGKILL), TimeSpan.FromSeconds(15), "kill -9");
        return new RecoveryTimes(new Samples(s.Total.Values.Select(x => x * 1000)), new Samples(s.Work.Values.Select(x => x * 1000)));
    }
}
