using Shepherd.Tasks;

namespace Shepherd.Notify;

/// <summary>A parsed <c>--notify</c> value: <c>cmd:&lt;program&gt;</c>, <c>openclaw</c>, <c>desktop</c>,
/// <c>webhook:&lt;url&gt;</c>, or <c>slack:</c>/<c>discord:</c>/<c>ntfy:</c> with the service's webhook or topic URL.</summary>
public sealed record NotifierSpec(string Kind, string? Target)
{
    public static NotifierSpec Parse(string spec)
    {
        if (spec == "openclaw" || spec == "desktop") return new NotifierSpec(spec, null);
        if (spec.StartsWith("cmd:") && spec.Length > 4) return new NotifierSpec("cmd", spec[4..]);
        if (UrlOf(spec) is var (kind, url))
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? new NotifierSpec(kind, uri.ToString())
                : throw new UsageException($"invalid notifier {Printable.Quote(Describe(spec))}: {kind}: needs an http(s) URL");
        throw new UsageException($"invalid notifier {Printable.Quote(spec)}: use cmd:<program>, openclaw, desktop, webhook:<http(s) url>, " +
                                 "slack:<webhook url>, discord:<webhook url> or ntfy:<topic url>");
    }

    /// <summary>A <c>cmd:</c> notifier given as a relative path (<c>cmd:./notify.sh</c>) made absolute against
    /// <paramref name="baseDir"/>: the runner and the daemon run it from elsewhere. Anything else is returned as given.</summary>
    public static string Absolute(string spec, string baseDir) =>
        Parse(spec) is { Kind: "cmd", Target: { } t } && t.Contains('/') ? "cmd:" + Path.GetFullPath(t, baseDir) : spec;

    /// <summary>As <see cref="Absolute(string, string)"/>, and a bare <c>cmd:notify.sh</c> that is not on PATH but is an
    /// executable file in <paramref name="baseDir"/> means that file (what a user who wrote it next to them means).</summary>
    public static string Absolute(string spec, string baseDir, IReadOnlyDictionary<string, string> env) =>
        Parse(spec) is { Kind: "cmd", Target: { } t } && !t.Contains('/') && Platform.Executables.Find(t, env) is null
            && Platform.Executables.IsExecutable(Path.Combine(baseDir, t))
            ? "cmd:" + Path.GetFullPath(t, baseDir)
            : Absolute(spec, baseDir);

    /// <summary>The notifiers that post to a URL, by prefix.</summary>
    public static readonly string[] UrlKinds = ["webhook", "slack", "discord", "ntfy"];

    /// <summary>Every kind of notifier, as <c>--notify-on KIND=…</c> names them.</summary>
    public static readonly string[] Kinds = ["cmd", "openclaw", "desktop", .. UrlKinds];

    /// <summary>A stored notifier's kind: <c>slack</c> for <c>slack:https://…</c>, <c>cmd</c> for <c>cmd:/bin/x</c>.</summary>
    public static string KindOf(string spec) =>
        Kinds.FirstOrDefault(k => spec == k || spec.StartsWith(k + ":", StringComparison.Ordinal)) ?? spec;

    private static (string Kind, string Url)? UrlOf(string spec) =>
        UrlKinds.FirstOrDefault(k => spec.StartsWith(k + ":", StringComparison.Ordinal)) is { } kind ? (kind, spec[(kind.Length + 1)..]) : null;

    /// <summary>How a notifier is shown in logs and status: a URL by its scheme and host only, since its path and query
    /// carry a token (Slack's and Discord's webhooks, an ntfy topic's name).</summary>
    public static string Describe(string spec) =>
        UrlOf(spec) is var (kind, url) && Uri.TryCreate(url, UriKind.Absolute, out var u) ? $"{kind}:{u.Scheme}://{u.Authority}/…" : spec;

    /// <summary>An error message with the notifier's full URL taken out.</summary>
    public static string Redact(string spec, string message) =>
        UrlOf(spec) is var (kind, url) && url.Length > 0 ? message.Replace(url, Describe(spec)[(kind.Length + 1)..]) : message;
}
