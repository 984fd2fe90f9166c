namespace Shepherd.Bench;

/// <summary>The baseline: the seed's shell/tmux recipe (resilient-coding-agent), with the fake agent as codex,
/// on a tmux server of its own. Tasks start as the seed starts them (<c>new-session -d</c>, then <c>send-keys</c>
/// of <c>codex exec --full-auto --json "$(cat $TASK_TMPDIR/prompt)" | tee events.jsonl &amp;&amp; echo __TASK_DONE__</c>);
/// seed-monitor.sh polls and resumes them.</summary>
internal sealed class SeedRecipe
{
    private readonly Sandbox _box;
    private readonly Dictionary<string, string?> _env;
    private readonly string _tasksFile;

    public SeedRecipe(Sandbox box)
    {
        _box = box;
        Socket = box.NewSocket("seed");
        var bin = Directory.CreateDirectory(Path.Combine(box.Dir, "seed-bin")).FullName;
        var codex = Path.Combine(bin, "codex");
        File.WriteAllText(codex, $"#!/bin/sh\nexec '{box.Options.FakeAgent}' \"$@\"\n");
        File.SetUnixFileMode(codex, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // bash with a private HOME whose profile puts codex on PATH, as a user's profile does (tmux starts login shells).
        var home = Directory.CreateDirectory(Path.Combine(box.Dir, "seed-home")).FullName;
        File.WriteAllText(Path.Combine(home, ".bash_profile"), $"export PATH='{bin}':\"$PATH\"\n");
        _env = new Dictionary<string, string?>(box.Env)
        {
            ["SHELL"] = "/bin/bash",
            ["HOME"] = home,
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
        };
        _tasksFile = Path.Combine(box.Dir, "seed-tasks.tsv");
        MonitorLog = Path.Combine(box.Dir, "seed-monitor.log");
    }

    public string Socket { get; }
    public string MonitorLog { get; }

    public string State(string name) => _box.FakeState("seed-" + name);

    private string TmpDir(string name) => Path.Combine(_box.Dir, "seed-tmp", name);

    public ProcResult Tmux(params string[] args) => _box.Run(["tmux", "-L", Socket, "-f", "/dev/null", .. args], _env);

    /// <summary>Starts each task the seed's way: a secure temp dir with the prompt, a session, the command typed in.</summary>
    public void Start(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            var tmp = TmpDir(name);
            Directory.CreateDirectory(tmp);
            File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.WriteAllText(Path.Combine(tmp, "prompt"), $"bench task {name}");
            var session = $"codex-{name}";
            Check(Tmux("new-session", "-d", "-s", session, "-c", _box.Project, "-e", $"TASK_TMPDIR={tmp}",
                "-e", "FAKE_AGENT_PLAN=hang", "-e", $"FAKE_AGENT_STATE={State(name)}"));
            Check(Tmux("send-keys", "-t", session,
                $"cd '{_box.Project}' && set -o pipefail && codex exec --full-auto --json \"$(cat $TASK_TMPDIR/prompt)\" </dev/null | tee $TASK_TMPDIR/events.jsonl && echo \"__TASK_DONE__\"",
                "Enter"));
            File.AppendAllText(_tasksFile, $"{name}\t{_box.Project}\t{tmp}\t{State(name)}\n");
        }
    }

    /// <summary>Waits until each agent launched <paramref name="launches"/> times and its thread id is in events.jsonl.</summary>
    public void WaitRunning(IReadOnlyCollection<string> names, int launches, TimeSpan limit) =>
        _box.Deadline.WaitFor(() => names.All(n => FakeJournal.Count(State(n)) >= launches &&
                                                    File.Exists(Path.Combine(TmpDir(n), "events.jsonl")) &&
                                                    File.ReadAllText(Path.Combine(TmpDir(n), "events.jsonl")).Contains("thread_id")),
            limit, $"{names.Count} seed-recipe agents running", pollMs: 100);

    public void StartMonitor(TimeSpan interval)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "seed-monitor.sh");
        var p = Proc.Spawn(["setsid", "bash", script, Socket, interval.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), _tasksFile, MonitorLog],
            _env, [], _box.Dir);
        _box.OwnGroup(p.Id); // setsid execs in place (the child is no group leader): its pid is the new group's id
        _box.Deadline.WaitFor(() => File.Exists(MonitorLog), TimeSpan.FromSeconds(10), "the seed monitor's first pass");
    }

    /// <summary>Measures how long the recipe takes to bring every agent back after <paramref name="fault"/>, in seconds.
    /// Total: <paramref name="runs"/> faults at random moments of the poll's cycle. Work: as many faults right after
    /// a pass, timed from the start of the next pass (which finds every task hit), to compute slower polls from.</summary>
    public RecoveryTimes MeasureRecovery(IReadOnlyCollection<string> names, int runs, Action fault, TimeSpan limit, string what)
    {
        var phase = new Random(9);
        var total = new List<double>();
        var work = new List<double>();
        for (var i = 0; i < 2 * runs; i++)
        {
            var measuringWork = i >= runs;
            if (measuringWork) WaitForPassEnd();
            else Thread.Sleep(phase.Next(1000));
            var before = Relaunch.Counts(names.Select(State));
            var faultAt = DateTimeOffset.UtcNow;
            fault();
            var last = Relaunch.WaitAll(_box.Deadline, before, limit, $"{what}: all {names.Count} seed-recipe agents running again");
            if (measuringWork) work.Add((last - FirstPassAfter(faultAt)).TotalSeconds);
            else total.Add((last - faultAt).TotalSeconds);
            Console.Error.WriteLine($"  seed recipe, {what}: all {names.Count} agents running again {Samples.Sec((last - faultAt).TotalSeconds)} after it{(measuringWork ? " (fault right after a pass)" : "")}");
            WaitRunning(names, before.Values.Min() + 1, limit);
        }
        return new RecoveryTimes(new Samples(total), new Samples(work));
    }

    private List<(string Kind, DateTimeOffset At)> MonitorEvents() =>
        File.ReadAllLines(MonitorLog).Select(l => l.Split(' ')).Where(f => f[0] is "sweep" or "sweep-end")
            .Select(f => (f[0], DateTimeOffset.UnixEpoch.AddTicks(long.Parse(f[^1]) * 10))).ToList();

    private void WaitForPassEnd()
    {
        var ends = MonitorEvents().Count(e => e.Kind == "sweep-end");
        _box.Deadline.WaitFor(() => MonitorEvents().Count(e => e.Kind == "sweep-end") > ends, TimeSpan.FromSeconds(60), "the end of a seed monitor pass", pollMs: 5);
    }

    private DateTimeOffset FirstPassAfter(DateTimeOffset t) => MonitorEvents().First(e => e.Kind == "sweep" && e.At > t).At;

    private static void Check(ProcResult r)
    {
        if (!r.Ok) throw new InvalidOperationException($"seed recipe: tmux failed: {r.Describe()}");
    }
}
