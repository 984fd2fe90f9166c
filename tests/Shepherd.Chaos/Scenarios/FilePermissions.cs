using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>Every directory under SHEPHERD_HOME is 0700 and every file Shepherd writes 0600 (the database and its
/// -wal/-shm too), with the usual umask and under umask 000 (commands, daemon, tmux server and runners all started with
/// it). A second local user cannot read a task's prompt, environment or log, and cannot signal its runner.</summary>
public sealed class FilePermissions : IScenario
{
    /// <summary>Files the agent itself writes into the task directory (Pi's session file): the agent keeps the user's
    /// umask, since it also writes the user's project; the 0700 task directory is what protects them.</summary>
    private static readonly string[] AgentFiles = ["pi-session"]; // pi-session.jsonl, and pi-session-<id>.jsonl of a later conversation

    public string Name => "files: 0700 dirs, 0600 files, another user";

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name);
        foreach (var umask in new[] { "022", "000" })
        {
            t.Runs++;
            await using var w = new World($"files{umask}");
            var env = new Dictionary<string, string?>(w.AgentEnv("x", "ok"));
            async Task<CliResult> Under(params string[] args) =>
                await w.WaitAsync(w.Launch(["sh", "-c", $"umask {umask}; exec \"$@\"", "sh", Paths.Shepherd, .. args], env), TimeSpan.FromSeconds(120));
            var daemon = w.Launch(["sh", "-c", $"umask {umask}; exec \"$@\"", "sh", Paths.Shepherd, "daemon"]);
            foreach (var (name, agent, plan) in new[] { ("done1", "codex", "ok"), ("pi1", "pi", "ok"), ("busy1", "claude", "sleep:60") })
            {
                t.Task();
                env["FAKE_AGENT_PLAN"] = plan;
                env["FAKE_AGENT_STATE"] = w.FakeState(name);
                var r = await Under([.. w.StartArgs(name, agent, "--notify", w.Notifications.Spec)]);
                if (!r.Ok) t.Add(Breach.Lost, $"umask {umask}: start {name}: {r.OneLine}");
            }
            await w.WaitFinalAsync("done1");
            await w.WaitFinalAsync("pi1");
            await w.WaitForAsync("busy1", s => s.State() == "running");
            await Under("stop", "done1"); // nothing to stop: final already
            Modes(t, w, umask);
            if (umask == "000") await OtherUser(t, w, output);
            Native.Kill(daemon.Pid, Native.SIGTERM);
            await w.WaitAsync(daemon, TimeSpan.FromSeconds(30));
            Modes(t, w, umask + " (after the daemon)");
            await ScenarioChecks.NothingOutlives(t, w);
            output.WriteLine($"  umask {umask}: {Tree.Snapshot(w.Home).Count} paths under SHEPHERD_HOME checked");
        }
        return t;
    }

    private static void Modes(Tally t, World w, string when)
    {
        foreach (var path in Tree.Snapshot(w.Home).Append(w.Home))
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null || AgentFiles.Any(f => info.Name.StartsWith(f, StringComparison.Ordinal))) continue;
            int mode;
            try { mode = (int)File.GetUnixFileMode(path) & 0b111_111_111; }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { continue; } // a temp file renamed into place since the snapshot
            var want = Directory.Exists(path) ? 0b111_000_000 : 0b110_000_000;
            if (mode != want) t.Add(Breach.Escaped, $"umask {when}: {path} is {Convert.ToString(mode, 8)}, not {Convert.ToString(want, 8)}");
        }
    }

    /// <summary>The world's directories up to SHEPHERD_HOME are opened to others (0755), so only Shepherd's own modes stand
    /// between the second user and the task's files.</summary>
    private static async Task OtherUser(Tally t, World w, TextWriter output)
    {
        if (!LocalUser.CanCreate) { output.WriteLine("  (not root: the second-user case is skipped)"); return; }
        await using var user = await LocalUser.CreateAsync(w);
        File.SetUnixFileMode(w.Dir, (UnixFileMode)0b111_101_101);
        foreach (var file in new[] { "prompt", "env", "output.log" })
        {
            t.Fault();
            var path = Path.Combine(w.TaskDir("busy1"), file);
            var r = await user.RunAsync(w, ["cat", path]);
            if (r.Ok || r.Stdout.Length > 0) t.Add(Breach.Escaped, $"user {user.Name} could read {path}");
        }
        t.Fault();
        var db = await user.RunAsync(w, ["cat", Path.Combine(w.Home, "shepherd.db")]);
        if (db.Ok) t.Add(Breach.Escaped, $"user {user.Name} could read the database");
        foreach (var runner in RemovalCheck.Runners(w))
        {
            t.Fault();
            var r = await user.RunAsync(w, ["kill", "-USR1", runner.Pid.ToString()]);
            if (r.Ok) t.Add(Breach.Escaped, $"user {user.Name} could signal runner {runner.Pid}");
        }
        t.Fault();
        var status = await user.RunAsync(w, [Paths.Shepherd, "status", "busy1"], new Dictionary<string, string?> { ["SHEPHERD_HOME"] = w.Home });
        if (status.Ok) t.Add(Breach.Escaped, $"user {user.Name} could read the task through shepherd status");
        ScenarioChecks.ClearErrors(t, "another user's shepherd status", [status]);
        output.WriteLine($"  user {user.Name}: cat prompt/env/log/db, kill -USR1 runner, shepherd status -> {status.OneLine}");
    }
}
