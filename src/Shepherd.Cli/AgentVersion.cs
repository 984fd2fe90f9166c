using Shepherd.Platform;

namespace Shepherd.Cli;

/// <summary>Runs <c>agent --version</c> through the command seam in an empty temporary directory (an agent may write
/// files where it starts) and returns the first line of what it printed, or null when it failed.</summary>
internal static class AgentVersion
{
    public static string? Of(ICommandRunner commands, string executable, TimeSpan timeout)
    {
        var dir = Directory.CreateTempSubdirectory("shepherd-doctor-");
        try
        {
            var r = commands.Run(new CommandSpec([executable, "--version"], timeout) { WorkingDirectory = dir.FullName });
            if (!r.Ok) return null;
            var text = r.Stdout.Trim().Length > 0 ? r.Stdout : r.Stderr;
            return text.Trim().Split('\n')[0].Trim();
        }
        finally
        {
            try { dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
