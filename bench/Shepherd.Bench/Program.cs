// Measures what users and orchestrators feel: how long a CLI call takes (with 0 and 1000 tasks stored),
// how fast a killed agent is resumed, and how much memory a runner and the daemon hold.
// Usage: dotnet run -c Release --project bench/Shepherd.Bench [-- <shepherd binary>]   (default: artifacts/aot/shepherd)
using System.Diagnostics;
using Shepherd.Bench;
using Shepherd.Store;
using Shepherd.Tasks;

var root = Bench.RepoRoot();
var shepherd = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(root, "artifacts", "aot", "shepherd");
var fake = Path.Combine(root, "artifacts", "bin", "Shepherd.FakeAgent", "debug", "fake-agent");
if (!File.Exists(shepherd) || !File.Exists(fake))
{
    Console.Error.WriteLine($"build first: {shepherd} and {fake} are needed (./test.sh builds both)");
    return 2;
}
using var env = new BenchEnvironment(fake);
Console.WriteLine($"shepherd: {shepherd}");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}");
Console.WriteLine();
Console.WriteLine("| measurement | median | p95 |");
Console.WriteLine("|---|---|---|");
Bench.Row("`shepherd --version`", Bench.Time(30, () => env.Run(shepherd, "--version")));
Bench.Row("`shepherd list --json`, 0 tasks", Bench.Time(30, () => env.Run(shepherd, "list", "--json")));
using (var store = TaskStore.Open(new ShepherdHome(env.Home)))
    for (var i = 0; i < 1000; i++)
    {
        var t = store.InsertTask(new TaskRecord { Name = $"t{i}", Agent = "codex", ProjectDir = env.Project, TmuxSession = $"codex-t{i}" });
        store.TryFinish(t.Id, TaskState.Succeeded, null);
    }
Bench.Row("`shepherd list --json --all`, 1000 tasks", Bench.Time(20, () => env.Run(shepherd, "list", "--json", "--all")));
Bench.Row("`shepherd status t500 --json`, 1000 tasks", Bench.Time(30, () => env.Run(shepherd, "status", "t500", "--json")));
Bench.Row("`shepherd start` (returns once the tmux session exists)", Bench.Time(10, i => env.Run(shepherd, "start", $"s{i}", "--agent", "codex", "--dir", env.Project, "--prompt", "x")));

var detect = new List<double>();
var resume = new List<double>();
long runnerKb = 0;
for (var i = 0; i < 8; i++)
{
    var name = $"k{i}";
    env.Run(shepherd, ["start", name, "--agent", "codex", "--dir", env.Project, "--prompt", "x", "--backoff", "0s"], plan: "hang,ok");
    var attempt = env.WaitForRunningAttempt(shepherd, name);
    runnerKb = Math.Max(runnerKb, Bench.RssKb(env.RunnerPid(name)));
    var killedAt = DateTimeOffset.UtcNow;
    Bench.KillGroup(attempt);
    var (ended, started) = env.WaitForResume(shepherd, name);
    detect.Add((ended - killedAt).TotalMilliseconds);
    resume.Add((started - killedAt).TotalMilliseconds);
}
Bench.Row("kill -9 of the agent → attempt recorded as ended", detect);
Bench.Row("kill -9 of the agent → resumed attempt started (`--backoff 0s`)", resume);
Console.WriteLine();
Console.WriteLine($"runner resident memory while its agent runs: {runnerKb / 1024.0:0.0} MiB");
var daemon = Process.Start(env.StartInfo(shepherd, "daemon"))!;
var takeover = new List<double>();
for (var i = 0; i < 6; i++)
{
    var name = $"r{i}";
    env.Run(shepherd, ["start", name, "--agent", "codex", "--dir", env.Project, "--prompt", "x"], plan: "hang,ok");
    env.WaitForRunningAttempt(shepherd, name);
    var killedAt = DateTimeOffset.UtcNow;
    Bench.Kill(env.RunnerPid(name));
    takeover.Add((env.WaitForResume(shepherd, name).Started - killedAt).TotalMilliseconds);
}
Bench.Row("kill -9 of the runner → daemon's new runner resumed the agent", takeover);
Thread.Sleep(3000);
Console.WriteLine($"daemon resident memory, 1018 tasks stored, after 3 s: {Bench.RssKb(daemon.Id) / 1024.0:0.0} MiB");
var cpuBefore = daemon.TotalProcessorTime;
Thread.Sleep(10_000);
Console.WriteLine($"daemon CPU while idle (8 running tasks, 1000 finished): {(daemon.TotalProcessorTime - cpuBefore).TotalMilliseconds / 10_000 * 100:0.0} % of one core");
daemon.Kill();
daemon.WaitForExit();
return 0;
