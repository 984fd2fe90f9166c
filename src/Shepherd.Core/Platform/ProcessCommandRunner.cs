using System.ComponentModel;
using System.Diagnostics;

namespace Shepherd.Platform;

/// <summary>Runs commands with System.Diagnostics.Process and ArgumentList: no shell in between. stdin is closed at
/// once (programs that read a non-terminal stdin to its end must not wait for us).</summary>
public sealed class ProcessCommandRunner : ICommandRunner
{
    public CommandResult Run(CommandSpec spec)
    {
        var argv = spec.Argv;
        var psi = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        if (spec.WorkingDirectory is { } cwd) psi.WorkingDirectory = cwd;
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        if (spec.Environment is { } env)
        {
            psi.Environment.Clear();
            foreach (var (k, v) in env) psi.Environment[k] = v;
        }
        psi.Environment.Remove("TMUX");
        psi.Environment.Remove("TMUX_PANE");
        Process p;
        try { p = Process.Start(psi)!; }
        catch (Win32Exception e) { return new CommandResult(127, "", $"cannot run {argv[0]}: {e.Message}", NotFound: true); }
        using (p)
        {
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(spec.Timeout))
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                p.WaitForExit(2000);
                return new CommandResult(-1, "", $"{argv[0]} timed out after {spec.Timeout.TotalSeconds:0.#}s", TimedOut: true);
            }
            p.WaitForExit();
            return new CommandResult(p.ExitCode, Drained(stdout), Drained(stderr));
        }
    }

    public int RunOnTerminal(IReadOnlyList<string> argv)
    {
        var psi = new ProcessStartInfo(argv[0]) { UseShellExecute = false };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        psi.Environment.Remove("TMUX");
        psi.Environment.Remove("TMUX_PANE");
        try
        {
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (Win32Exception) { return 127; }
    }

    /// <summary>What the program printed; a grandchild that keeps the pipe open does not keep us waiting.</summary>
    private static string Drained(Task<string> output) => output.Wait(TimeSpan.FromSeconds(2)) ? output.Result : "";
}
