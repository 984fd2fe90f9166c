using System.ComponentModel;
using System.Diagnostics;

namespace Shepherd.Tmux;

/// <summary>Runs commands with System.Diagnostics.Process and ArgumentList: no shell in between.</summary>
public sealed class ProcessCommandRunner : ICommandRunner
{
    public CommandResult Run(IReadOnlyList<string> argv, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        psi.Environment.Remove("TMUX");
        psi.Environment.Remove("TMUX_PANE");
        Process p;
        try { p = Process.Start(psi)!; }
        catch (Win32Exception) { return new CommandResult(127, "", $"{argv[0]}: not found", NotFound: true); }
        using (p)
        {
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                return new CommandResult(-1, "", $"{argv[0]} timed out after {timeout.TotalSeconds:0.#}s", TimedOut: true);
            }
            p.WaitForExit();
            return new CommandResult(p.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
