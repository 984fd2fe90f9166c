using System.Diagnostics;

namespace Shepherd.Chaos.Support;

/// <summary>A program the harness started, with its pid (to kill it mid-command) and its captured output.</summary>
public sealed class Launched
{
    private readonly Process _p;
    private readonly Task<string> _stdout, _stderr;
    private readonly Stopwatch _took = Stopwatch.StartNew();
    private volatile bool _killed;

    private Launched(Process p, byte[]? stdin)
    {
        _p = p;
        Pid = p.Id;
        _stdout = p.StandardOutput.ReadToEndAsync();
        _stderr = p.StandardError.ReadToEndAsync();
        _ = Task.Run(async () =>
        {
            try
            {
                if (stdin is not null) await p.StandardInput.BaseStream.WriteAsync(stdin);
                p.StandardInput.Close();
            }
            catch (IOException) { } // it exited (or was killed) before reading everything
        });
    }

    public int Pid { get; }
    public bool HasExited => _p.HasExited;

    public static Launched Start(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string?> env, byte[]? stdin = null, string? cwd = null)
    {
        var psi = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = cwd ?? "/",
        };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        return new Launched(Process.Start(psi)!, stdin);
    }

    /// <summary>SIGKILL to this one process (a CLI killed in the middle of a command).</summary>
    public void Kill()
    {
        _killed = true;
        try { if (!_p.HasExited) Native.Kill(Pid); } catch (InvalidOperationException) { }
    }

    public async Task<CliResult> WaitAsync(TimeSpan limit)
    {
        var timedOut = false;
        using (var cts = new CancellationTokenSource(limit))
        {
            try { await _p.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException)
            {
                timedOut = true;
                Native.Kill(Pid);
                await _p.WaitForExitAsync();
            }
        }
        // A grandchild that kept our pipe (it should not) must not hold the harness: output is read for 5 s at most.
        var stdout = await Task.WhenAny(_stdout, Task.Delay(5000)) == _stdout ? await _stdout : "(output still open)";
        var stderr = await Task.WhenAny(_stderr, Task.Delay(5000)) == _stderr ? await _stderr : "(output still open)";
        // Killed means ended by our SIGKILL (137); a kill that came after a normal exit changed nothing.
        var killed = (_killed || timedOut) && _p.ExitCode == 128 + Native.SIGKILL;
        var code = killed ? (int?)null : _p.ExitCode;
        _p.Dispose();
        return new CliResult(code, stdout, stderr, killed && !timedOut, timedOut, _took.Elapsed);
    }
}
