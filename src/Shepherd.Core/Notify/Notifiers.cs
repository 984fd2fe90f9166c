using Shepherd.Platform;

namespace Shepherd.Notify;

/// <summary>Builds the notifier for a spec string.</summary>
public static class Notifiers
{
    public static INotifier For(string spec)
    {
        var s = NotifierSpec.Parse(spec);
        return s.Kind switch
        {
            "cmd" => new ProcessNotifier((_, env) => Executables.Find(s.Target!, env) is { } p ? [p] : null),
            "openclaw" => new ProcessNotifier((item, env) => OpenClaw(env) is { } p
                ? [p, "system", "event", "--text", NotificationText.Of(item), "--mode", "now"] : null),
            "desktop" => new ProcessNotifier((item, env) => OperatingSystem.IsMacOS()
                ? ["/usr/bin/osascript", "-e", "on run argv\ndisplay notification (item 1 of argv) with title \"Shepherd\"\nend run", NotificationText.Of(item)]
                : Executables.Find("notify-send", env) is { } ns ? [ns, "Shepherd", NotificationText.Of(item)] : null),
            _ => new WebhookNotifier(s.Target!),
        };
    }

    private static string? OpenClaw(IReadOnlyDictionary<string, string> env) =>
        env.TryGetValue("SHEPHERD_OPENCLAW_BIN", out var bin) && bin.Length > 0 ? bin : Executables.Find("openclaw", env);
}
