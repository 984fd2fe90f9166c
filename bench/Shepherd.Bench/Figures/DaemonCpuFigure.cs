using System.Diagnostics;

namespace Shepherd.Bench;

/// <summary>The daemon's CPU while nothing happens: 100 running tasks whose agents sleep (they keep working, quietly),
/// measured from /proc/&lt;daemon&gt;/stat (utime + stime) over a window, after the start-up has settled.</summary>
internal sealed class DaemonCpuFigure : IFigure
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(2);

    public string Key => "daemon";

    public string Title(BenchOptions o) => $"idle daemon CPU, {o.DaemonTasks} running tasks (agents sleeping), over {o.DaemonWindow.TotalSeconds:0} s";

    public string Goal => "≤ 0.1 % of a core";

    public void Run(BenchRun run)
    {
        var o = run.Options;
        using var box = run.NewSandbox(TimeSpan.FromSeconds(240) + o.DaemonWindow);
        var daemon = box.StartDaemon();
        var names = Enumerable.Range(0, o.DaemonTasks).Select(i => $"d{i}").ToList();
        foreach (var n in names) box.StartOrThrow(n, "hang");
        box.WaitRunning(names, 1, TimeSpan.FromSeconds(180));
        Thread.Sleep(Settle);

        var runners = names.Select(n => { try { return box.RunnerPid(n); } catch (InvalidOperationException) { return 0; } }).Where(p => p > 0).ToList();
        var tmuxServer = int.TryParse(box.Tmux("display-message", "-p", "#{pid}").Stdout.Trim(), out var t) ? t : 0;
        double Runners() => runners.Sum(p => Posix.CpuSeconds(p) ?? 0);
        var (cpu0, child0, runners0, tmux0) = (Cpu(daemon), Posix.ChildCpuSeconds(daemon.Id) ?? 0, Runners(), Posix.CpuSeconds(tmuxServer) ?? 0);
        var slices = new List<double>();
        var sw = Stopwatch.StartNew();
        var last = (Cpu: cpu0, At: TimeSpan.Zero);
        while (sw.Elapsed < o.DaemonWindow)
        {
            box.Deadline.Check("measuring the idle daemon");
            Thread.Sleep(Slice < o.DaemonWindow - sw.Elapsed ? Slice : o.DaemonWindow - sw.Elapsed);
            var now = (Cpu: Cpu(daemon), At: sw.Elapsed);
            slices.Add((now.Cpu - last.Cpu) / (now.At - last.At).TotalSeconds * 100);
            Console.Error.WriteLine($"  daemon CPU over the last {(now.At - last.At).TotalSeconds:0.0} s: {Samples.Percent(slices[^1])} of a core");
            last = now;
        }
        var seconds = sw.Elapsed.TotalSeconds;
        var percent = (Cpu(daemon) - cpu0) / seconds * 100;
        var children = ((Posix.ChildCpuSeconds(daemon.Id) ?? 0) - child0) / seconds * 100;
        var runnersPercent = (Runners() - runners0) / seconds * 100;
        var tmuxPercent = ((Posix.CpuSeconds(tmuxServer) ?? 0) - tmux0) / seconds * 100;

        var stillRunning = box.Json("list", "--json", "--all").EnumerateArray().Count(x => x.GetProperty("state").GetString() == "running");
        var s = new Samples(slices);
        run.Report.Add(new Row(Title(o), $"{Samples.Percent(percent)} of a core (2 s slices: {Samples.Percent(s.Min)}–{Samples.Percent(s.Max)})",
            "", "", Goal, percent <= 0.1));
        run.Report.Note($"daemon: {Samples.Percent(children)} of a core more in the processes it started and waited for (tmux calls), " +
                        $"RSS {Samples.MiB((Posix.StatusKb(daemon.Id, "VmRSS") ?? 0) / 1024.0)}; meanwhile the {runners.Count} runners together used " +
                        $"{Samples.Percent(runnersPercent)} and the tmux server {Samples.Percent(tmuxPercent)}; {stillRunning}/{names.Count} tasks still running at the end");
    }

    private static double Cpu(Process daemon) =>
        Posix.CpuSeconds(daemon.Id) ?? throw new InvalidOperationException("the daemon exited during the measurement");
}
