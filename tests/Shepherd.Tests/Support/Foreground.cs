using System.Diagnostics;
using System.Text;

namespace Shepherd.Tests.Support;

/// <summary>A <c>shepherd run</c> in the background of a test: its stdout and stderr kept apart, its exit awaited with a
/// deadline. Disposing kills it (only it: the sandbox ends the agents it launched).</summary>
public sealed class Foreground : IDisposable
{
    private readonly Process _p;
    private readonly StringBuilder _out = new(), _err = new();

    private Foreground(Process p)
    {
        _p = p;
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_err) _err.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
    }

    public static Foreground Start(Sandbox s, IReadOnlyDictionary<string, string?> extraEnv, string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(Repo.ShepherdBin)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in s.Env.Concat(extraEnv))
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        var p = Process.Start(psi)!;
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        return new Foreground(p);
    }

    public int Pid => _p.Id;
    public string Stdout { get { lock (_out) return _out.ToString(); } }
    public string Stderr { get { lock (_err) return _err.ToString(); } }

    public async Task<int> Exit(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { throw new TimeoutException($"shepherd run did not exit in {timeout}; stderr: {Stderr}"); }
        return _p.ExitCode;
    }

    public void Signal(int signal) => Native.Kill(_p.Id, signal);

    public override string ToString() => $"stdout: {Stdout}\nstderr: {Stderr}";

    public void Dispose()
    {
        try { if (!_p.HasExited) _p.Kill(); _p.WaitForExit(5000); }
        catch (InvalidOperationException) { }
        _p.Dispose();
    }
}
