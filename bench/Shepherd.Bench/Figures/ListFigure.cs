namespace Shepherd.Bench;

/// <summary><c>shepherd list --json --all</c> against the seed's <c>tmux list-sessions | grep -c</c> on the same tmux
/// server: 100 tasks (50 running, 50 finished after 2 real attempts each), then 1000 (900 more copied from the
/// finished ones by SQL, with their real attempt rows, task files and a tmux session each).</summary>
internal sealed class ListFigure : IFigure
{
    private const int Finished = 50;
    private const int Running = 50;
    private const string SeedList = "tmux -L \"$0\" list-sessions 2>/dev/null | grep -cE '^(codex|claude|opencode|pi)-'";

    public string Key => "list";

    public string Title(BenchOptions o) => "`list --json --all`, 100 tasks (50 finished with 2 attempts)";

    public string Goal => "≤ 30 ms and ≤ 2×";

    public void Run(BenchRun run)
    {
        using var box = run.NewSandbox(TimeSpan.FromSeconds(420));
        var finished = Enumerable.Range(0, Finished).Select(i => $"f{i}").ToList();
        foreach (var n in finished) box.StartOrThrow(n, "exit:3,ok", "--backoff", "0s");
        box.Deadline.WaitFor(() => box.Json("list", "--json", "--all").EnumerateArray()
            .Count(t => t.GetProperty("state").GetString() == "succeeded" && t.GetProperty("attempts").GetInt32() == 2) == Finished,
            TimeSpan.FromSeconds(120), $"{Finished} tasks finished with 2 attempts", pollMs: 300);
        var running = Enumerable.Range(0, Running).Select(i => $"r{i}").ToList();
        foreach (var n in running) box.StartOrThrow(n, "hang");
        box.WaitRunning(running, 1, TimeSpan.FromSeconds(120));

        Measure(run, box, Title(run.Options), Goal, 100, (ms, ratio) => ms <= 30 && ratio <= 2);

        var copies = TaskDb.CopyTasks(box.Home, finished, 900, "c");
        for (var i = 0; i < copies.Count; i++) CopyDirectory(Path.Combine(box.Home, "tasks", finished[i % Finished]), Path.Combine(box.Home, "tasks", copies[i]));
        foreach (var batch in copies.Chunk(50))
        {
            // A dead pane per copy, as a finished task leaves it (remain-on-exit), made in one tmux call per 50.
            var args = batch.SelectMany((n, i) => (string[])[.. i > 0 ? new[] { ";" } : [], "new-session", "-d", "-s", $"codex-{n}", "-x", "200", "-y", "50", "--", "true",
                ";", "set-option", "-t", $"=codex-{n}:", "remain-on-exit", "on"]).ToArray();
            var r = box.Tmux(args);
            if (!r.Ok) throw new InvalidOperationException($"tmux new-session for the copies failed: {r.Describe()}");
        }
        Measure(run, box, "`list --json --all`, 1000 tasks (50 running, 950 finished with 2 attempts)", "≤ 1.5×", 1000, (_, ratio) => ratio <= 1.5);
    }

    private static void Measure(BenchRun run, Sandbox box, string title, string goal, int tasks, Func<double, double, bool> pass)
    {
        var listed = box.Json("list", "--json", "--all").GetArrayLength();
        var sessions = box.Run(["sh", "-c", SeedList, box.Socket]).Stdout.Trim();
        if (listed != tasks || sessions != tasks.ToString())
            run.Report.Note($"list: expected {tasks} tasks and sessions; `list` shows {listed}, `tmux list-sessions | grep -c` counts {sessions}");
        var (mine, theirs) = Interleaved(run.Options.ListRuns, () => box.Cli("list", "--json", "--all"), () => box.Run(["sh", "-c", SeedList, box.Socket]));
        var ratio = mine.Median / theirs.Median;
        run.Report.Add(new Row(title, mine.Format(Samples.Ms), $"`tmux list-sessions | grep -c`: {theirs.Format(Samples.Ms)}",
            Samples.Ratio(ratio), goal, pass(mine.Median, ratio)));
    }

    /// <summary>Wall time of each call in ms, the two calls taking turns (so that a busy moment of a shared machine
    /// hits both), after one call each to warm the page cache.</summary>
    public static (Samples A, Samples B) Interleaved(int runs, Func<ProcResult> a, Func<ProcResult> b)
    {
        foreach (var call in new[] { a, b })
            if (call() is { Ok: false } failed) throw new InvalidOperationException($"the timed command failed: {failed.Describe()}");
        var (ta, tb) = (new List<double>(), new List<double>());
        for (var i = 0; i < runs; i++)
        {
            ta.Add(a().Elapsed.TotalMilliseconds);
            tb.Add(b().Elapsed.TotalMilliseconds);
        }
        return (new Samples(ta), new Samples(tb));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        File.SetUnixFileMode(to, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var f in Directory.GetFiles(from))
            if (!f.EndsWith(".lock")) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }
}
