using System.ComponentModel;
using System.Diagnostics;

namespace Shepherd.Cli;

/// <summary>Runs <c>agent --version</c> in an empty temporary directory (an agent may write files where it starts)
/// and returns the first line of what it printed, or null when it failed.</summary>
internal static class AgentVersion
{
    public static string? Of(string executable, TimeSpan timeout)
    {
        var dir = Directory.CreateTempSubdirectory("shepherd-doctor-");
        try
        {
            var psi = new ProcessStartInfo(executable)
            {
                UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
                WorkingDirectory = dir.FullName,
            };
            psi.ArgumentList.Add("--version");
            psi.Environment.Remove("TMUX");
            psi.Environment.Remove("TMUX_PANE");
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                return null;
            }
            p.WaitForExit();
            var text = stdout.Result.Trim().Length > 0 ? stdout.Result : stderr.Result;
            return p.ExitCode == 0 ? text.Trim().Split('\n')[0].Trim() : null;
        }
        catch (Win32Exception) { return null; }
        finally
        {
            try { dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
