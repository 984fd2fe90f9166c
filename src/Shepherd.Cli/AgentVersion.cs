using Shepherd.Platform;

namespace Shepherd.Cli;

/// <summary>Runs <c>agent --version</c> through the command seam in an empty temporary directory (an agent may write
/// files where it starts) and returns the first line of what it printed, or why it failed (its stderr's first line).</summary>
internal static class AgentVersion
{
    public sealed record Result(string? Version, string? Error);

    public static Result Of(ICommandRunner commands, string executable, TimeSpan timeout)
    {
        var dir = Directory.CreateTempSubdirectory("shepherd-doctor-");
        try
        {
            var r = commands.Run(new CommandSpec([executable, "--version"], timeout) { WorkingDirectory = dir.FullName });
            if (!r.Ok)
            {
                var said = FirstLine(r.Stderr) ?? FirstLine(r.Stdout);
                var how = r.TimedOut ? $"--version did not answer within {timeout.TotalSeconds:0} s" : r.NotFound ? "--version could not run" : $"--version failed (exit {r.ExitCode})";
                return new(null, said is null ? how : $"{how}: {said}");
            }
            return new(FirstLine(r.Stdout) ?? FirstLine(r.Stderr) ?? "", null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            return new(null, $"--version could not run: {e.Message}");
        }
        finally
        {
            try { dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string? FirstLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
}
