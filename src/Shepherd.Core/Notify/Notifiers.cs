using Shepherd.Platform;

namespace Shepherd.Notify;

/// <summary>Builds the notifier for a spec string: programs run through <paramref name="commands"/>, webhooks are posted
/// with <paramref name="http"/>.</summary>
public sealed class Notifiers(ICommandRunner commands, HttpClient http)
{
    private static readonly Lazy<Notifiers> Real = new(() => new(new ProcessCommandRunner(),
        new HttpClient { Timeout = WebhookNotifier.Timeout }));

    /// <summary>Real programs and one shared HttpClient (its connections are reused across sends).</summary>
    public static Notifiers Default => Real.Value;

    public INotifier For(string spec)
    {
        var s = NotifierSpec.Parse(spec);
        return s.Kind switch
        {
            "cmd" => new ProcessNotifier((_, env) => Executables.Find(s.Target!, env) is { } p ? [p] : null, commands),
            "openclaw" => new ProcessNotifier((item, env) => OpenClaw(env) is { } p
                ? [p, "system", "event", "--text", NotificationText.Of(item), "--mode", "now"] : null, commands),
            "desktop" => new ProcessNotifier((item, env) => OperatingSystem.IsMacOS()
                ? ["/usr/bin/osascript", "-e", "on run argv\ndisplay notification (item 1 of argv) with title \"Shepherd\"\nend run", NotificationText.Of(item)]
                : Executables.Find("notify-send", env) is { } ns ? [ns, "Shepherd", NotificationText.Of(item)] : null, commands),
            "slack" or "discord" or "ntfy" => new ChatNotifier(s.Kind, s.Target!, http),
            _ => new WebhookNotifier(s.Target!, http),
        };
    }

    /// <summary>Why the notifier could not run its program in <paramref name="env"/> (checked at start, like the
    /// agent's binary), or null when it can. Webhooks need no program.</summary>
    public static string? MissingProgram(string spec, IReadOnlyDictionary<string, string> env)
    {
        var s = NotifierSpec.Parse(spec);
        switch (s.Kind)
        {
            case "cmd" when s.Target!.Contains('/'):
                return Executables.IsExecutable(s.Target) ? null : $"{Tasks.Printable.Escape(s.Target)} is not an executable file";
            case "cmd":
                return Executables.Find(s.Target!, env) is null ? $"{Tasks.Printable.Escape(s.Target!)} is not on PATH" : null;
            case "openclaw" when env.TryGetValue("SHEPHERD_OPENCLAW_BIN", out var bin) && bin.Length > 0:
                return Executables.IsExecutable(bin) ? null : $"SHEPHERD_OPENCLAW_BIN={Tasks.Printable.Escape(bin)} is not an executable file";
            case "openclaw":
                return Executables.Find("openclaw", env) is null ? "openclaw is not on PATH (install OpenClaw or set SHEPHERD_OPENCLAW_BIN)" : null;
            case "desktop" when OperatingSystem.IsMacOS():
                return Executables.IsExecutable("/usr/bin/osascript") ? null : "/usr/bin/osascript is missing";
            case "desktop":
                return Executables.Find("notify-send", env) is null ? "notify-send is not on PATH (Debian/Ubuntu: apt-get install libnotify-bin)" : null;
            default:
                return null;
        }
    }

    private static string? OpenClaw(IReadOnlyDictionary<string, string> env) =>
        env.TryGetValue("SHEPHERD_OPENCLAW_BIN", out var bin) && bin.Length > 0 ? bin : Executables.Find("openclaw", env);
}
