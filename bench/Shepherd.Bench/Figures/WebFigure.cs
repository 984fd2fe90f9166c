using System.Diagnostics;
using System.Net.Http.Headers;

namespace Shepherd.Bench;

/// <summary><c>shepherd web</c> with 100 running tasks (agents quiet): its CPU with no page open, then with 10 pages
/// open (10 server-sent-event streams, what a page holds), and how long a change (a task started) takes to reach every
/// page, counted from the moment the <c>start</c> command began (an upper bound), next to the command's own time.</summary>
internal sealed class WebFigure : IFigure
{
    private const int Pages = 10;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public string Key => "web";

    public string Title(BenchOptions o) => $"`shepherd web`, {o.DaemonTasks} running tasks: idle CPU, no page open, over {o.DaemonWindow.TotalSeconds:0} s";

    public string Goal => "≤ 0.1 % of a core";

    public void Run(BenchRun run)
    {
        var o = run.Options;
        using var box = run.NewSandbox(TimeSpan.FromSeconds(300) + 2 * o.DaemonWindow);
        var names = Enumerable.Range(0, o.DaemonTasks).Select(i => $"w{i}").ToList();
        foreach (var n in names) box.StartOrThrow(n, "hang");
        box.WaitRunning(names, 1, TimeSpan.FromSeconds(180));
        var log = new List<string>();
        using var web = Proc.Spawn([o.Shepherd, "web", "--port", "0"], box.Env, log, box.Dir);
        try
        {
            var url = WaitForUrl(web, log);
            Thread.Sleep(Settle);
            var idle = CpuPercent(web, o.DaemonWindow);
            run.Report.Add(new Row(Title(o), $"{Samples.Percent(idle)} of a core", "", "", Goal, idle <= 0.1));

            var baseUrl = url[..url.IndexOf("/?", StringComparison.Ordinal)];
            var token = url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..];
            using var cts = new CancellationTokenSource();
            var seen = new long[Pages];
            string? target = null;
            var readers = Enumerable.Range(0, Pages).Select(i => Task.Run(() => Read(baseUrl, token, i, () => Volatile.Read(ref target), seen, cts.Token))).ToList();
            Thread.Sleep(Settle);
            var withPages = CpuPercent(web, o.DaemonWindow);

            var latencies = new List<double>();
            var commands = new List<double>();
            for (var r = 0; r < (o.Quick ? 3 : 5); r++)
            {
                box.Deadline.Check("measuring shepherd web");
                var name = $"change{r}";
                for (var i = 0; i < Pages; i++) Interlocked.Exchange(ref seen[i], 0);
                Volatile.Write(ref target, $"\"name\":\"{name}\"");
                var began = Stopwatch.GetTimestamp();
                var result = box.Start(name, "hang");
                if (result.ExitCode != 0) throw new InvalidOperationException($"start {name} failed: {result.Stderr}");
                commands.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                var until = Stopwatch.StartNew();
                while (seen.Any(s => Interlocked.Read(ref s) == 0) && until.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(5);
                if (seen.Any(s => s == 0)) throw new InvalidOperationException($"a page never saw {name} (10 s)");
                latencies.Add(seen.Max(s => Stopwatch.GetElapsedTime(began, s).TotalMilliseconds));
            }
            cts.Cancel();
            var l = new Samples(latencies);
            var c = new Samples(commands);
            run.Report.Add(new Row($"`shepherd web`, {o.DaemonTasks + 5} tasks and {Pages} pages open: `start` of a task → the task on every page (from the command's start)",
                l.Format(Samples.Ms), $"the `start` command itself: {c.Format(Samples.Ms)}", "", "≤ 1 s", l.Max <= 1000));
            run.Report.Note($"web: with {Pages} pages open and nothing changing, {Samples.Percent(withPages)} of a core; RSS {Samples.MiB((Posix.StatusKb(web.Id, "VmRSS") ?? 0) / 1024.0)}");
        }
        finally
        {
            try { if (!web.HasExited) { web.Kill(); web.WaitForExit(3000); } } catch (InvalidOperationException) { }
        }
    }

    private static string WaitForUrl(Process web, List<string> log)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            lock (log) if (log.FirstOrDefault(l => l.StartsWith("http://", StringComparison.Ordinal)) is { } url) return url;
            if (web.HasExited) break;
            Thread.Sleep(20);
        }
        lock (log) throw new InvalidOperationException($"shepherd web printed no URL: {string.Join(" / ", log.TakeLast(5))}");
    }

    private static double CpuPercent(Process p, TimeSpan window)
    {
        var before = Posix.CpuSeconds(p.Id) ?? throw new InvalidOperationException("shepherd web exited");
        var sw = Stopwatch.StartNew();
        Thread.Sleep(window);
        var after = Posix.CpuSeconds(p.Id) ?? throw new InvalidOperationException("shepherd web exited");
        return (after - before) / sw.Elapsed.TotalSeconds * 100;
    }

    /// <summary>One page's event stream: when a "tasks" event names the target, the time it arrived.</summary>
    private static async Task Read(string baseUrl, string token, int i, Func<string?> target, long[] seen, CancellationToken ct)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl + "/api/events");
        request.Headers.Add("Cookie", $"shepherd_web={token}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            while (await reader.ReadLineAsync(ct) is { } line)
                if (line.StartsWith("data: ", StringComparison.Ordinal) && target() is { } t && line.Contains(t, StringComparison.Ordinal))
                    Interlocked.CompareExchange(ref seen[i], Stopwatch.GetTimestamp(), 0);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException) { }
    }
}
