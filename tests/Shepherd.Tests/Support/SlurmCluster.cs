using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Shepherd.Tests.Support;

/// <summary>A real Slurm on this host for the tests of one class: its own munged (own socket), a slurmctld and two
/// slurmd nodes told apart by port, all with a private config (SLURM_CONF) under a temporary directory; nothing under
/// /etc changes. Every process it started is ended by pid when it is disposed, and so are the job steps of its nodes.
/// <see cref="Missing"/> says why there is no cluster (the packages are not installed).</summary>
public sealed class SlurmCluster : IDisposable
{
    private readonly List<Process> _daemons = [];
    private readonly Dictionary<string, Process> _nodes = [];
    private readonly int[] _ports;

    public SlurmCluster()
    {
        Dir = Directory.CreateTempSubdirectory("shepherd-slurm-").FullName;
        Conf = Path.Combine(Dir, "slurm.conf");
        _ports = FreePorts(3);
        var missing = new[] { "munged", "slurmctld", "slurmd", "sbatch" }.Where(p => Which(p) is null).ToList();
        if (missing.Count > 0 || !File.Exists("/etc/munge/munge.key"))
        {
            Missing = $"Slurm is not installed ({string.Join(", ", missing.DefaultIfEmpty("/etc/munge/munge.key"))} missing): apt-get install slurm-wlm munge";
            return;
        }
        try { Boot(); }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            Missing = $"Slurm did not start here: {e.Message}";
        }
    }

    public string Dir { get; }
    public string Conf { get; }
    public string? Missing { get; }
    public string Socket => Path.Combine(Dir, "munge.sock");

    public IReadOnlyDictionary<string, string?> Env => new Dictionary<string, string?> { ["SLURM_CONF"] = Conf };

    private void Boot()
    {
        Directory.CreateDirectory(Path.Combine(Dir, "state"));
        Directory.CreateDirectory(Path.Combine(Dir, "spool"));
        File.WriteAllText(Conf, $"""
            ClusterName=shepherdtest
            SlurmctldHost=vm(127.0.0.1)
            SlurmctldPort={_ports[0]}
            SlurmUser=root
            AuthType=auth/munge
            AuthInfo=socket={Socket}
            StateSaveLocation={Dir}/state
            SlurmdSpoolDir={Dir}/spool/%n
            SlurmctldPidFile={Dir}/slurmctld.pid
            SlurmdPidFile={Dir}/slurmd-%n.pid
            SlurmctldLogFile={Dir}/slurmctld.log
            SlurmdLogFile={Dir}/slurmd-%n.log
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            JobCompType=jobcomp/none
            MpiDefault=none
            ReturnToService=2
            SlurmdTimeout=6
            KillWait=2
            MinJobAge=600
            SchedulerType=sched/builtin
            SelectType=select/cons_tres
            NodeName=node1 NodeHostname=vm NodeAddr=127.0.0.1 Port={_ports[1]} CPUs=1 State=UNKNOWN
            NodeName=node2 NodeHostname=vm NodeAddr=127.0.0.1 Port={_ports[2]} CPUs=1 State=UNKNOWN
            PartitionName=test Nodes=node1,node2 Default=YES MaxTime=INFINITE State=UP

            """);
        _daemons.Add(Daemon("/usr/sbin/munged", "-F", "--force", $"--socket={Socket}", $"--pid-file={Dir}/munged.pid",
            $"--log-file={Dir}/munged.log", $"--seed-file={Dir}/munged.seed", "--key-file=/etc/munge/munge.key"));
        Until(() => File.Exists(Socket), TimeSpan.FromSeconds(10), "munged's socket");
        _daemons.Add(Daemon("slurmctld", "-D", "-i"));
        foreach (var node in new[] { "node1", "node2" }) StartNode(node);
        Until(() => Run("sinfo", "-h", "-o", "%T %D").Stdout.Trim() == "idle 2", TimeSpan.FromSeconds(30), "both nodes idle");
    }

    /// <summary>Starts (or starts again) a node's slurmd.</summary>
    public void StartNode(string node) => _nodes[node] = Daemon("slurmd", "-D", "-N", node);

    /// <summary>A node lost: its slurmd and the steps of <paramref name="job"/> killed with SIGKILL (the caller kills the
    /// job's own processes, which it knows).</summary>
    public void KillNode(string node, string job)
    {
        _nodes[node].Kill();
        _nodes[node].WaitForExit(5000);
        foreach (var pid in Steps(job)) Native.Kill(pid);
    }

    /// <summary>The slurmstepd processes of a job on this cluster's nodes (their argv names the job; they carry our config).</summary>
    public List<int> Steps(string? job = null)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var argv = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (!argv.StartsWith("slurmstepd:") || (job is not null && !argv.Contains($"[{job}."))) continue;
                if (File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains($"SLURM_CONF={Conf}")) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>A field of <c>scontrol show job</c> (e.g. JobState, Restarts, NodeList).</summary>
    public string? JobField(string job, string field) =>
        Run("scontrol", "show", "job", job).Stdout.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(w => w.StartsWith(field + "="))?[(field.Length + 1)..];

    public CliResult Run(params string[] argv)
    {
        var psi = new ProcessStartInfo(argv[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        psi.Environment["SLURM_CONF"] = Conf;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(30_000)) { p.Kill(); throw new TimeoutException($"{argv[0]} did not finish"); }
        return new CliResult(p.ExitCode, stdout.Result, stderr);
    }

    private Process Daemon(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(Which(program) ?? program)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Dir,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["SLURM_CONF"] = Conf;
        var p = Process.Start(psi)!;
        var log = Path.Combine(Dir, Path.GetFileName(program) + "-" + string.Join("", args.Where(a => a.StartsWith("node"))) + ".out");
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_daemons) File.AppendAllText(log, e.Data + "\n"); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_daemons) File.AppendAllText(log, e.Data + "\n"); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    public void Dispose()
    {
        if (Missing is null)
        {
            try
            {
                foreach (var job in Run("squeue", "-h", "-o", "%i").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)) Run("scancel", job.Trim());
            }
            catch (TimeoutException) { }
        }
        foreach (var p in _nodes.Values.Reverse().Concat(_daemons.AsEnumerable().Reverse()))
        {
            try
            {
                if (!p.HasExited) { Native.Kill(p.Id, 15); if (!p.WaitForExit(5000)) p.Kill(); }
                p.WaitForExit(5000);
            }
            catch (InvalidOperationException) { }
            p.Dispose();
        }
        foreach (var pid in Steps()) Native.Kill(pid);
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void Until(Func<bool> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"timed out waiting for {what}");
            Thread.Sleep(200);
        }
    }

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/sbin")
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    private static int[] FreePorts(int n)
    {
        var listeners = Enumerable.Range(0, n).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        foreach (var l in listeners) l.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners) l.Stop();
        return ports;
    }
}
