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
        _env = new Dictionary<string, string?>(box.Env)
        {
            // A plain interactive bash with a private HOME: no user rc files slow the seed's shells down.
            ["SHELL"] = "/bin/bash",
            ["HOME"] = Directory.CreateDirectory(Path.Combine(box.Dir, "seed-home")).FullName,
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

    /// <summary>The work of one recovery by the monitor: from the later of <paramref name="fault"/> and the start of the
    /// pass that brought back the last agent, to that agent's launch. The wait for that pass is what the interval adds.</summary>
    public TimeSpan WorkAfter(DateTimeOffset fault, DateTimeOffset lastLaunch)
    {
        var sweeps = File.ReadAllLines(MonitorLog).Where(l => l.StartsWith("sweep "))
            .Select(l => DateTimeOffset.UnixEpoch.AddTicks(long.Parse(l[6..]) * 10)).Where(s => s <= lastLaunch).ToList();
        var from = sweeps.Count > 0 && sweeps[^1] > fault ? sweeps[^1] : fault;
        return lastLaunch - from;
    }

    private static void Check(ProcResult r)
    {
        if (!r.Ok) throw new InvalidOperationException($"seed recipe: tmux failed: {r.Describe()}");
    }
}
