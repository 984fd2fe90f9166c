using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Cli;

/// <summary>Turns "Access to the path … is denied" and friends, met while creating or opening the state directory,
/// into one line that names the directory, where it came from (SHEPHERD_HOME or the default) and what to do.</summary>
internal static class StateDirectoryProblem
{
    public static UsageException From(ShepherdHome home, Exception e)
    {
        var source = Environment.GetEnvironmentVariable("SHEPHERD_HOME") is { Length: > 0 } ? "SHEPHERD_HOME" : "the default";
        return new UsageException($"cannot use the state directory {Printable.Escape(home.Root)} ({source}): {Reason(home.Root, e)}; " +
                                  "set SHEPHERD_HOME to a directory you can write, or fix its permissions");
    }

    private static string Reason(string root, Exception e)
    {
        for (var dir = root; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(dir)) return $"{Printable.Escape(dir)} is a file, not a directory";
            if (Directory.Exists(dir))
                return dir == root || e is UnauthorizedAccessException ? $"permission denied in {Printable.Escape(dir)}" : $"cannot create directories in {Printable.Escape(dir)}";
        }
        return e is UnauthorizedAccessException ? "permission denied" : Printable.Escape(e.Message);
    }
}
