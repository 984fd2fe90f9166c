using System.Diagnostics;

namespace Shepherd.Tests.Support;

/// <summary>Runs a program with an explicit environment and captures its output.</summary>
public static class Processes
{
    public static async Task<CliResult> RunAsync(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string?> env,
        string? stdin = null, string? cwd = null, TimeSpan? timeout = null)
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
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', argv.Take(3))} did not finish in time");
        }
        return new CliResult(p.ExitCode, await stdout, await stderr);
    }
}
