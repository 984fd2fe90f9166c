using System.Text.Json;
using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Supervisor;

/// <summary>Slurm as the engine that runs a task's runner: a batch job submitted with <c>--requeue</c> whose payload is
/// <c>shepherd run NAME</c> (Slurm places it, and requeues it when its node is lost; the run resumes the conversation by
/// id). Only sbatch, squeue and scancel are used, as argument lists.</summary>
public sealed class SlurmClient(ShepherdHome home, ICommandRunner commands, IReadOnlyList<string> selfCommand)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public static bool IsInstalled() => Executables.Find("sbatch", PathOnly()) is not null;

    /// <summary>The stored settings of a task: the sbatch arguments (the partition first, as <c>--partition=P</c>).</summary>
    public static string Settings(string? partition, IEnumerable<string> sbatchArgs) =>
        JsonSerializer.Serialize((partition is null ? [] : new[] { $"--partition={partition}" }).Concat(sbatchArgs).ToArray(), StoreJson.Default.StringArray);

    public static string[] SbatchArgs(TaskRecord task) =>
        string.IsNullOrEmpty(task.EngineSettings) ? [] : JsonSerializer.Deserialize(task.EngineSettings, StoreJson.Default.StringArray) ?? [];

    /// <summary>The job's payload: <c>shepherd run NAME</c> with this state directory. Exit 75 (interrupted, resumable — a
    /// lease another run still held, say) requeues the job; 0 and 1 end it.</summary>
    public string Script(TaskRecord task)
    {
        static string Q(string s) => "'" + s.Replace("'", "'\\''") + "'";
        return $"""
            #!/bin/sh
            # Written by shepherd for task {task.Name}: the payload of its Slurm job.
            SHEPHERD_HOME={Q(home.Root)}; export SHEPHERD_HOME
            {string.Join(" ", selfCommand.Select(Q))} run {Q(task.Name)}
            rc=$?
            if [ "$rc" = 75 ] && [ -n "$SLURM_JOB_ID" ]; then scontrol requeue "$SLURM_JOB_ID"; fi
            exit $rc

            """;
    }

    /// <summary>Submits the task's job; returns its id. The job's own output (Slurm's file) goes beside the task's log.</summary>
    public string Submit(TaskRecord task)
    {
        var script = Path.Combine(home.TaskDir(task.Name), "slurm.sh");
        ShepherdHome.WritePrivateFile(script, System.Text.Encoding.UTF8.GetBytes(Script(task)));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var r = commands.Run(new CommandSpec(
            ["sbatch", "--parsable", "--requeue", $"--job-name=shepherd-{task.Name}", $"--output={Path.Combine(home.TaskDir(task.Name), "slurm-%j.out")}",
                $"--chdir={task.ProjectDir}", .. SbatchArgs(task), script], CallTimeout));
        if (!r.Ok) throw new OperationFailedException($"sbatch failed: {Printable.Escape(FirstLine(r), 300)}");
        return r.Stdout.Trim().Split(';')[0];
    }

    /// <summary>The job's state as squeue shows it (PENDING, RUNNING, …) and its node; null when Slurm no longer lists it.</summary>
    public (string State, string? Node)? Job(string jobId)
    {
        var r = commands.Run(["squeue", "-h", "-j", jobId, "-o", "%T %N"], CallTimeout);
        if (!r.Ok) return null; // an unknown (finished) job id is an error to squeue
        var words = r.Stdout.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? null : (words[0], words.Length > 1 ? words[1] : null);
    }

    /// <summary>Whether the job is still queued or running (a run of it will come, or is here).</summary>
    public bool Active(string? jobId) => jobId is not null && Job(jobId) is { State: not ("COMPLETED" or "CANCELLED" or "FAILED" or "TIMEOUT" or "NODE_FAIL" or "OUT_OF_MEMORY" or "PREEMPTED" or "BOOT_FAIL" or "DEADLINE") };

    /// <summary>SIGTERM to every process of the job (its batch step too): the run carries out the stop written before it.</summary>
    public bool SignalTerm(string jobId) => commands.Run(["scancel", "--full", "--signal=TERM", jobId], CallTimeout).Ok;

    public bool Cancel(string jobId) => commands.Run(["scancel", jobId], CallTimeout).Ok;

    private static string FirstLine(CommandResult r) =>
        (r.NotFound ? "not found" : r.TimedOut ? "timed out" : r.Stderr.Trim().Length > 0 ? r.Stderr.Trim() : r.Stdout.Trim()).Split('\n')[0];

    private static Dictionary<string, string> PathOnly() =>
        Environment.GetEnvironmentVariable("PATH") is { } path ? new() { ["PATH"] = path } : new();
}
