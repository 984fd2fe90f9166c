using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>SHEPHERD_HOME on a 16 MiB tmpfs (root mounts it) and an agent that prints 40 MB: the log fills the disk.
/// The agent is never blocked (it ends, exit 0), the task ends succeeded with status saying why its log is short, a
/// start on the full disk fails clearly and leaves no half-created task, the daemon stays up. Recovery, as
/// docs/reliability.md says: free space (empty the big task's output.log), then `shepherd rm` it; start works again.</summary>
public sealed class DiskFull : IScenario
{
    public string Name => "store: disk full (16 MiB tmpfs)";

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name);
        if (!SmallDisk.CanMount) { output.WriteLine("  (not root: cannot mount a tmpfs; skipped)"); return t; }
        t.Runs = 1;
        SmallDisk? disk = null;
        try
        {
            await using var w = new World("diskfull", dir => Path.Combine(dir, "small", "home"));
            disk = await SmallDisk.MountAsync(w, Path.Combine(w.Dir, "small"), 16);
            w.Daemon.Start();
            t.Fault();
            t.Tasks += 3;
            await w.StartAsync("filler", "bulk:40000000", "codex");
            var filler = await w.WaitFinalAsync("filler", TimeSpan.FromSeconds(180));
            if (new AgentJournal(w.FakeState("filler")).Ends.Count == 0) t.Add(Breach.Other, "the agent writing to a full disk never ended (blocked?)");
            if (filler.State() != "succeeded") t.Add(Breach.Lost, $"the task whose log filled the disk ended {filler.State() ?? "nowhere"} ({filler?.GetProperty("reason")})");
            var outputError = filler?.GetProperty("outputError").GetString();
            if (outputError is null) t.Add(Breach.Other, "status does not say the log could not be written");

            var late = await w.ShepherdWith(w.AgentEnv("late", "ok"), null, w.StartArgs("late"));
            ScenarioChecks.ClearErrors(t, "start on a full disk", [late]);
            if (late.Stderr.Contains("cannot rollback")) t.Add(Breach.Other, $"start on a full disk hides the real error: {late.OneLine}");
            if (late.Ok)
            {
                if ((await w.WaitFinalAsync("late", TimeSpan.FromSeconds(90))).State() != "succeeded") t.Add(Breach.Lost, "a task started on the full disk did not succeed");
            }
            else if (w.TaskId("late") is not null || Directory.Exists(w.TaskDir("late")) || (await w.Tmux("has-session", "-t", "=codex-late")).Ok)
                t.Add(Breach.Escaped, $"the start refused on a full disk left a half-created task ({late.OneLine})");
            foreach (var e in w.Daemon.UnexpectedExits) t.Add(Breach.Other, e);

            File.WriteAllBytes(Path.Combine(w.TaskDir("filler"), "output.log"), []); // the documented first step: free space
            var rm = await w.Shepherd("rm", "filler");
            if (w.TaskId("late") is not null) await w.Shepherd("rm", "late");
            var after = await w.ShepherdWith(w.AgentEnv("after", "ok"), null, w.StartArgs("after"));
            var afterState = after.Ok ? (await w.WaitFinalAsync("after", TimeSpan.FromSeconds(90))).State() : null;
            if (!rm.Ok || afterState != "succeeded") t.Add(Breach.Lost, $"recovery (empty the log, rm the task): rm {rm.OneLine}; start {after.OneLine}, {afterState}");
            output.WriteLine($"  filler {filler.State()} ({outputError}); start on the full disk: {late.OneLine}; after freeing space and rm: {afterState}");
            ScenarioChecks.Integrity(t, w);
            await ScenarioChecks.NothingOutlives(t, w);
        }
        finally
        {
            disk?.Dispose();
        }
        return t;
    }
}
