using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Harness;

/// <summary>Carries out the schedule's faults: SIGKILL to an agent's process group, a runner or the daemon (restarted
/// after the drawn pause), <c>tmux kill-server</c>, a simulated reboot (every process of the run killed, a new boot id,
/// the daemon started again), and a notification receiver that fails or hangs for a while. A fault that finds nothing
/// to hit (the agent is between launches) is not counted.</summary>
public sealed class FaultInjector(World world, Tally tally, Slot[] slots)
{
    private readonly SemaphoreSlim _daemonOps = new(1, 1);
    private readonly List<Task> _pending = [];
    private int _notifierFault;

    public List<string> Log { get; } = [];

    public async Task RunAsync(Step step)
    {
        var hit = step.Kind switch
        {
            StepKind.KillAgent => KillAgent(slots[step.Slot]),
            StepKind.KillRunner => KillRunner(slots[step.Slot]),
            StepKind.KillRunnerInCheck => KillRunnerInCheck(slots[step.Slot], step),
            StepKind.DamageSession => DamageSession(slots[step.Slot], step.DurationMs),
            StepKind.KillDaemon => await KillDaemonAsync(step.DurationMs),
            StepKind.KillTmuxServer => (await world.Tmux("kill-server")).Ok,
            StepKind.Reboot => await RebootAsync(),
            StepKind.NotifierFails => Notifier("fail", step.DurationMs),
            StepKind.NotifierHangs => Notifier("hang", step.DurationMs),
            _ => false,
        };
        if (!hit) return;
        tally.Fault();
        lock (Log) Log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {step}");
    }

    /// <summary>Waits for the delayed parts of faults (a daemon restart, a receiver that recovers).</summary>
    public async Task SettleAsync()
    {
        Task[] pending;
        lock (_pending) pending = [.. _pending];
        await Task.WhenAll(pending);
        world.Notifications.Set("ok");
        await _daemonOps.WaitAsync();
        try { world.Daemon.Start(); }
        finally { _daemonOps.Release(); }
    }

    private bool KillAgent(Slot slot)
    {
        if (slot.Current is not { } life) return false;
        var agents = ProcTable.Agents(v => v == life.FakeState);
        foreach (var a in agents) Native.KillGroup(a.Pgid);
        if (agents.Count > 0) life.Note($"fault: agent group {string.Join(",", agents.Select(a => a.Pgid).Distinct())} killed");
        return agents.Count > 0;
    }

    /// <summary>Deletes (even <paramref name="draw"/>) or cuts mid-line (odd) the agent's session file of one of the
    /// incarnation's conversations: Codex's rollout, Claude's transcript, Pi's session file. OpenCode's is in its database
    /// (no file, no snapshot): not touched.</summary>
    private bool DamageSession(Slot slot, int draw)
    {
        if (slot.Current is not { } life || life.Agent == "opencode") return false;
        var files = SessionFiles(life);
        if (files.Count == 0)
        {
            lock (Log) Log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} (no session file of {life.Name} ({life.Agent}) to damage yet)");
            return false;
        }
        var file = files[draw % files.Count];
        try
        {
            if (draw % 2 == 0) File.Delete(file);
            else
            {
                using var f = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                if (f.Length < 2) return false;
                f.SetLength(Math.Max(1, f.Length * (draw % 7 + 2) / 10 - 1));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        life.Note($"fault: session file {file} {(draw % 2 == 0 ? "deleted" : "cut mid-line")}");
        return true;
    }

    private List<string> SessionFiles(Incarnation life)
    {
        if (life.Agent == "pi")
            return Directory.Exists(world.TaskDir(life.Name)) ? [.. Directory.EnumerateFiles(world.TaskDir(life.Name), "pi-session*.jsonl").Order()] : [];
        var own = new AgentJournal(life.FakeState).OwnConversations();
        var root = Path.Combine(world.Dir, life.Agent == "codex" ? "codex" : "claude");
        if (!Directory.Exists(root)) return [];
        return [.. Directory.EnumerateFiles(root, "*.jsonl", SearchOption.AllDirectories)
            .Where(f => own.Any(id => id.Length > 0 && Path.GetFileNameWithoutExtension(f).EndsWith(id, StringComparison.Ordinal))).Order()];
    }

    private bool KillRunner(Slot slot) => slot.Current is { } life && KillRunners(world, life) > 0;

    /// <summary>SIGKILL to the incarnation's runner(s); how many it found.</summary>
    public static int KillRunners(World world, Incarnation life, string? when = null)
    {
        if (life.TaskId is not { } id) return 0;
        var runners = RemovalCheck.Runners(world, id);
        foreach (var r in runners) Native.Kill(r.Pid);
        if (runners.Count > 0) life.Note($"fault: runner {string.Join(",", runners.Select(r => r.Pid))} killed{(when is null ? "" : " " + when)}");
        return runners.Count > 0 ? runners.Count : 0;
    }

    /// <summary>Waits (beside the schedule, up to 6 s) for the task to be checking, then kills its runner: counted, and
    /// logged, when it found one. The schedule goes on meanwhile.</summary>
    private bool KillRunnerInCheck(Slot slot, Step step)
    {
        if (slot.Current is not { CheckSeconds: not null } life) return false;
        Later(0, async () =>
        {
            var checking = await Deadline.Until(() => slot.Current == life && life.TaskId is { } id && StateOf(id) == "checking",
                TimeSpan.FromSeconds(6), pollMs: 20);
            if (!checking || slot.Current != life || KillRunners(world, life, "while checking") == 0) return;
            tally.Fault();
            lock (Log) Log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {step} (hit)");
        });
        return false; // counted above, once it hits
    }

    private string? StateOf(long taskId)
    {
        try
        {
            using var c = world.OpenDatabase();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT state FROM tasks WHERE id = $t";
            cmd.Parameters.AddWithValue("$t", taskId);
            return cmd.ExecuteScalar() as string;
        }
        catch (Microsoft.Data.Sqlite.SqliteException) { return null; }
    }

    private async Task<bool> KillDaemonAsync(int restartAfterMs)
    {
        await _daemonOps.WaitAsync();
        try
        {
            if (!world.Daemon.Running) return false;
            await world.Daemon.KillAsync();
        }
        finally { _daemonOps.Release(); }
        Later(restartAfterMs, async () =>
        {
            await _daemonOps.WaitAsync();
            try { world.Daemon.Start(); }
            finally { _daemonOps.Release(); }
        });
        return true;
    }

    private async Task<bool> RebootAsync()
    {
        await _daemonOps.WaitAsync();
        try
        {
            world.Gate.Close();
            await world.Daemon.KillAsync();
            await world.KillEverythingAsync();
            world.NewBootId();
            world.Daemon.Start();
        }
        finally
        {
            world.Gate.Open();
            _daemonOps.Release();
        }
        return true;
    }

    private bool Notifier(string mode, int forMs)
    {
        var mine = Interlocked.Increment(ref _notifierFault);
        world.Notifications.Set(mode);
        Later(forMs, () =>
        {
            if (Volatile.Read(ref _notifierFault) == mine) world.Notifications.Set("ok");
            return Task.CompletedTask;
        });
        return true;
    }

    private void Later(int ms, Func<Task> action)
    {
        lock (_pending) _pending.Add(Task.Delay(ms).ContinueWith(_ => action()).Unwrap());
    }
}
