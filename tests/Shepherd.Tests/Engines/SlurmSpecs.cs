using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Engines;

/// <summary><c>start --on slurm</c> on a real Slurm (slurmctld and two slurmd on this host, <see cref="SlurmCluster"/>): the
/// job's payload is <c>shepherd run</c>; a lost node's job is requeued and resumes the conversation by id; a stop cancels
/// it for good.</summary>
public sealed class SlurmSpecs(SlurmCluster cluster) : IClassFixture<SlurmCluster>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private Sandbox NewSandbox()
    {
        if (cluster.Missing is { } why) Assert.Skip(why);
        var s = new Sandbox();
        foreach (var (k, v) in cluster.Env) s.Env[k] = v;
        return s;
    }

    private static async Task<string> Job(Sandbox s, string name) =>
        (await s.Status(name)).GetProperty("engineJob").GetString() ?? throw new InvalidOperationException("no job id");

    [Fact(Timeout = 120_000)]
    public async Task A_task_runs_as_a_Slurm_job_on_a_node_and_succeeds()
    {
        await using var s = NewSandbox();
        var r = await s.Start("batch", "ok", "codex", "--on", "slurm:test");
        r.Stdout.ShouldContain("as Slurm job ");
        var t = await s.WaitFinal("batch", Deadline);
        t.State().ShouldBe("succeeded");
        t.GetProperty("engine").GetString().ShouldBe("slurm");
        t.GetProperty("node").GetString().ShouldBeOneOf("node1", "node2");
        var job = await Job(s, "batch");
        var status = await s.Shepherd("status", "batch");
        status.Stdout.ShouldContain($"engine    Slurm job {job} on node");
        (await s.Shepherd("wait", "batch", "--timeout", "10s")).ExitCode.ShouldBe(0);
        (await s.Shepherd("logs", "batch")).Stdout.ShouldContain("turn.completed");
        (await s.Shepherd("list")).Stdout.ShouldContain("batch");
        // The job's own output file (Slurm's) holds the agent's output, Shepherd's lines apart from it.
        var slurmOut = Path.Combine(s.Home, "tasks", "batch", $"slurm-{job}.out");
        await Sandbox.Until(() => File.Exists(slurmOut) && File.ReadAllText(slurmOut).Contains("__TASK_DONE__"), TimeSpan.FromSeconds(10), "the job's output");
        File.ReadAllText(slurmOut).ShouldContain("turn.completed");
        s.Calls("batch").Count.ShouldBe(1);
        (await s.Tmux("list-sessions")).ExitCode.ShouldNotBe(0, "no tmux server was started");
    }

    [Fact(Timeout = 240_000)]
    public async Task A_node_lost_mid_turn_is_requeued_and_the_next_run_resumes_the_same_session_and_succeeds()
    {
        await using var s = NewSandbox();
        await s.Start("lost", "sleep:120,ok", "codex", "--on", "slurm");
        var working = await s.WaitFor("lost", t => t.IsRunning() && t.SessionId() is not null && s.Opened("lost") >= 1, Deadline, "the agent at work");
        var id = working.SessionId();
        var job = await Job(s, "lost");
        var node = working.GetProperty("node").GetString()!;
        var agent = working.History()[0].Pid()!.Value;
        // The node is lost: its slurmd, the job's step, the payload and the agent, all at once.
        cluster.KillNode(node, job);
        foreach (var pid in JobProcesses(job)) Native.Kill(pid);
        Native.KillGroup(agent);
        await Sandbox.Until(() => cluster.JobField(job, "Restarts") is { } n && n != "0", TimeSpan.FromSeconds(90), "Slurm to requeue the job");
        // Slurm holds a requeued job for a while before it may start again (its BeginTime); the test does not wait that out.
        cluster.Run("scontrol", "update", $"JobId={job}", "StartTime=now");
        var t = await s.WaitFinal("lost", Deadline);
        t.State().ShouldBe("succeeded", t.ToString());
        var h = t.History();
        h[0].Outcome().ShouldBe("lost");
        h[^1].Kind().ShouldBe("resume");
        t.SessionId().ShouldBe(id);
        s.Calls("lost")[^1].GetProperty("session").GetString().ShouldBe(id);
        t.GetProperty("node").GetString().ShouldNotBe(node);
        cluster.StartNode(node);
    }

    [Fact(Timeout = 120_000)]
    public async Task Stop_cancels_the_job_and_the_task_is_stopped_not_requeued()
    {
        await using var s = NewSandbox();
        await s.Start("halt", "sleep:120,ok", "codex", "--on", "slurm");
        await s.WaitFor("halt", t => t.IsRunning() && s.Opened("halt") >= 1, Deadline, "the agent at work");
        var job = await Job(s, "halt");
        var stop = await s.Shepherd("stop", "halt");
        stop.ExitCode.ShouldBe(0, stop.ToString());
        stop.Stdout.ShouldContain("stopped halt");
        (await s.Status("halt")).State().ShouldBe("stopped");
        await Sandbox.Until(() => cluster.JobField(job, "JobState") is not ("RUNNING" or "COMPLETING" or null), TimeSpan.FromSeconds(30), "the job to end");
        cluster.JobField(job, "JobState").ShouldNotBe("PENDING");
        cluster.JobField(job, "Restarts").ShouldBe("0");
        s.Calls("halt").Count.ShouldBe(1);
    }

    /// <summary>The job's batch script and <c>shepherd run</c>: the processes that carry its id and this cluster's config.</summary>
    private List<int> JobProcesses(string job)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var env = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (env.Contains($"SLURM_JOB_ID={job}") && env.Contains($"SLURM_CONF={cluster.Conf}")) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }
}
