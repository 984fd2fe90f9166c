using System.Diagnostics;

namespace Shepherd.Bench;

/// <summary>Runs child processes with an explicit environment, stdin closed, and a time limit: a child
/// still running at its limit is killed (with its descendants) and reported as a timeout.</summary>
internal static class Proc
{
    public static ProcessStartInfo Info(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string?> env, string? cwd = null)
    {
        var psi = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = cwd ?? Directory.GetCurrentDirectory(),
        };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        return psi;
    }

    public static ProcResult Run(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string?> env, TimeSpan limit, string? cwd = null)
    {
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(Info(argv, env, cwd)) ?? throw new InvalidOperationException($"cannot start {argv[0]}");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit(5000);
            throw new TimeoutException($"`{string.Join(' ', argv.Take(4).Select(Path.GetFileName))}` did not finish within {limit.TotalSeconds:0.#} s");
        }
        sw.Stop();
        // A child it left running (a daemon it started, say) may hold the pipes open: do not wait for that.
        var drained = Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(5));
        return new ProcResult(p.ExitCode, drained ? stdout.Result : "", drained ? stderr.Result : "(its output was kept open by a process it left running)", sw.Elapsed);
    }

    /// <summary>Starts a long-lived child whose output is kept (last lines only) for error messages.</summary>
    public static Process Spawn(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string?> env, List<string> log, string? cwd = null)
    {
        var p = Process.Start(Info(argv, env, cwd)) ?? throw new InvalidOperationException($"cannot start {argv[0]}");
        p.StandardInput.Close();
        void Keep(string? line)
        {
            if (line is null) return;
            lock (log)
            {
                log.Add(line);
                if (log.Count > 200) log.RemoveAt(0);
            }
        }
        p.OutputDataReceived += (_, e) => Keep(e.Data);
        p.ErrorDataReceived += (_, e) => Keep(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
