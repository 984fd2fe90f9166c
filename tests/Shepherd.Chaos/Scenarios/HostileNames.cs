using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>Names and paths that are not what they seem: ../x, a;b, look-alikes, 49 characters and others are refused
/// with one line and exit 2 by every command, creating nothing anywhere; a symlinked project directory is stored and run
/// as its target; a project directory deleted under a running task ends it with a clear reason; a SHEPHERD_HOME that is
/// a symlink into another user's directory is refused (or fails clearly) and gets nothing written into it.</summary>
public sealed class HostileNames : IScenario
{
    private static readonly string[] BadNames =
    [
        "../x", "a;b", "x/y", "..", ".hidden", "-rf", "$(id)", "a b", "A", "t\u0430sk", "\uff54\uff41\uff53\uff4b", "task\u200b", "tas\u212a",
        "ta\u0073\u030ck", new string('a', 49), "", "\u001b[31m",
    ];

    public string Name => "hostile names and paths";

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name) { Runs = 1 };
        await using var w = new World("names");
        var before = Tree.Snapshot(w.Dir);
        foreach (var name in BadNames) await Refused(t, w, name);
        var created = Tree.Snapshot(w.Dir).Except(before).Where(p => !p.StartsWith(w.Projects) && !p.StartsWith(w.Home + "/shepherd.db") &&
                                                                     p != w.Home && p != Path.Combine(w.Home, "tasks") && p != Path.Combine(w.Home, "reserve")).ToList();
        foreach (var p in created) t.Add(Breach.Escaped, $"a refused name created {p}");
        var longest = new string('b', 48);
        t.Task();
        if (!(await w.ShepherdWith(w.AgentEnv(longest, "ok"), null, w.StartArgs(longest))).Ok) t.Add(Breach.Lost, "a 48-character name was refused");
        output.WriteLine($"  {BadNames.Length} bad names refused by start, status, stop, resume, rm; 48 characters accepted");
        await SymlinkedProject(t, w);
        await ProjectRemoved(t, w, output);
        await ForeignHome(t, w, output);
        ScenarioChecks.Integrity(t, w);
        await ScenarioChecks.NothingOutlives(t, w);
        return t;
    }

    private static async Task Refused(Tally t, World w, string name)
    {
        var start = w.StartArgs("placeholder");
        start[1] = name; // the project directory is an ordinary one: only the name is hostile
        string[][] commands = [start, ["status", name], ["stop", name], ["resume", name, "--prompt", "x"], ["rm", name], ["wait", name, "--timeout", "1s"]];
        foreach (var c in commands)
        {
            t.Fault();
            var r = await w.ShepherdWith(w.AgentEnv("bad", "ok"), null, c);
            if (r.ExitCode != 2) t.Add(Breach.Other, $"`{c[0]} {Printable(name)}` did not exit 2: {r.OneLine}");
            ScenarioChecks.ClearErrors(t, $"{c[0]} {Printable(name)}", [r]);
            if (r.Stderr.Any(ch => ch is < ' ' and not '\n' or >= '\u007f' and <= '\u009f'))
                t.Add(Breach.Escaped, $"`{c[0]} {Printable(name)}` echoed a control character to the terminal");
        }
    }

    private static async Task SymlinkedProject(Tally t, World w)
    {
        t.Task();
        var real = w.Project("real");
        var link = Path.Combine(w.Projects, "link");
        File.CreateSymbolicLink(link, real);
        var r = await w.ShepherdWith(w.AgentEnv("linked", "ok"), null, ["start", "linked", "--agent", "claude", "--dir", link, "--prompt", "x"]);
        if (!r.Ok) { t.Add(Breach.Lost, $"start with a symlinked project directory: {r.OneLine}"); return; }
        var s = await w.WaitFinalAsync("linked");
        if (s?.GetProperty("projectDir").GetString() != real) t.Add(Breach.Other, $"the symlinked project is stored as {s?.GetProperty("projectDir")}, not {real}");
        foreach (var l in new AgentJournal(w.FakeState("linked")).Launches.Where(l => l.Cwd != real))
            t.Add(Breach.Other, $"the agent of a symlinked project ran in {l.Cwd}, not {real}");
    }

    /// <summary>The directory goes while the agent works; the agent is then killed: the resume cannot start there.</summary>
    private static async Task ProjectRemoved(Tally t, World w, TextWriter output)
    {
        t.Task();
        t.Fault();
        var dir = w.Project("doomed");
        await w.StartAsync("doomed", "sleep:30");
        await w.WaitForAsync("doomed", s => s.State() == "running");
        Directory.Delete(dir, recursive: true);
        foreach (var a in ProcTable.Agents(v => v == w.FakeState("doomed"))) Native.KillGroup(a.Pgid);
        var s = await w.WaitFinalAsync("doomed", TimeSpan.FromSeconds(90));
        var reason = s?.GetProperty("reason").GetString();
        if (s.State() != "failed" || reason is null || !reason.Contains(dir))
            t.Add(Breach.Lost, $"a task whose project directory was deleted ended {s.State() ?? "nowhere"} ({reason}), not failed with a reason naming {dir}");
        output.WriteLine($"  project directory deleted under a running task: {s.State()} ({reason})");
    }

    /// <summary>SHEPHERD_HOME is a symlink into a directory another user owns.</summary>
    private static async Task ForeignHome(Tally t, World w, TextWriter output)
    {
        if (!LocalUser.CanCreate) { output.WriteLine("  (not root: the foreign SHEPHERD_HOME case is skipped)"); return; }
        t.Fault();
        await using var user = await LocalUser.CreateAsync(w);
        File.SetUnixFileMode(w.Dir, (UnixFileMode)0b111_101_101);
        var theirs = Directory.CreateDirectory(Path.Combine(w.Dir, "theirs")).FullName;
        await w.WaitAsync(w.Launch(["chown", $"{user.Uid}:{user.Gid}", theirs]));
        File.SetUnixFileMode(theirs, (UnixFileMode)0b111_000_000);
        var link = Path.Combine(w.Dir, "home-link");
        File.CreateSymbolicLink(link, theirs);
        var env = new Dictionary<string, string?>(w.AgentEnv("foreign", "ok")) { ["SHEPHERD_HOME"] = link };
        var r = await w.ShepherdWith(env, null, w.StartArgs("foreign"));
        var written = Tree.Snapshot(theirs);
        if (r.Ok || written.Count > 0)
            t.Add(Breach.Escaped, $"SHEPHERD_HOME -> another user's directory: start {(r.Ok ? "succeeded" : "failed")} and wrote {written.Count} path(s) there ({string.Join(", ", written.Take(3))})");
        ScenarioChecks.ClearErrors(t, "foreign SHEPHERD_HOME", [r]);
        await w.Tmux("kill-session", "-t", "=codex-foreign");
        output.WriteLine($"  SHEPHERD_HOME into another user's directory: {r.OneLine}");
    }

    private static string Printable(string s) => string.Concat(s.Select(c => c is < ' ' or >= '\u007f' and <= '\u009f' or '\u200b' ? $"\\u{(int)c:x4}" : c.ToString()));
}
