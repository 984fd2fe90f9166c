using System.Collections;
using System.Text;
using Shepherd.Store;

namespace Shepherd.Runner;

/// <summary>The environment of the <c>shepherd start</c> call, saved (0600) so every attempt — also one
/// started by the daemon after a reboot — runs the agent exactly as the user started it. What Shepherd sets for one
/// attempt (its marker) is never saved nor passed on: an agent that starts tasks of its own would hand it to them, to
/// the daemon and to the tmux server, and a takeover of its attempt would end them all.</summary>
public static class TaskEnvironment
{
    private static readonly string[] Dropped = ["TMUX", "TMUX_PANE", AgentGroup.MarkerVariable];

    /// <summary>Forgets, for this process and everything it starts, what belongs to the attempt that started it (a
    /// Shepherd command run by an agent): called first thing by every Shepherd program.</summary>
    public static void ForgetAttempt() => Environment.SetEnvironmentVariable(AgentGroup.MarkerVariable, null);

    public static Dictionary<string, string> Current()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
            if (e.Key is string k && e.Value is string v && !Dropped.Contains(k)) env[k] = v;
        return env;
    }

    public static void Save(string path, IReadOnlyDictionary<string, string> env)
    {
        var sb = new StringBuilder();
        foreach (var (k, v) in env) sb.Append(k).Append('=').Append(v).Append('\0');
        ShepherdHome.WritePrivateFile(path, Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>The task's saved environment, or <paramref name="fallback"/> when the task has none (removed).</summary>
    public static IReadOnlyDictionary<string, string> LoadOr(string path, IReadOnlyDictionary<string, string> fallback) =>
        File.Exists(path) ? Load(path) : fallback;

    public static Dictionary<string, string> Load(string path) => Parse(File.ReadAllText(path, Encoding.UTF8));

    /// <summary>The variables of a saved environment (NAME=value, each ended by a NUL).</summary>
    public static Dictionary<string, string> Parse(string saved)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in saved.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = entry.IndexOf('=');
            if (eq > 0) env[entry[..eq]] = entry[(eq + 1)..];
        }
        return env;
    }
}
