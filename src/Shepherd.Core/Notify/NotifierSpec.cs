using Shepherd.Tasks;

namespace Shepherd.Notify;

/// <summary>A parsed <c>--notify</c> value: <c>cmd:&lt;program&gt;</c>, <c>openclaw</c>, <c>desktop</c> or
/// <c>webhook:&lt;url&gt;</c>.</summary>
public sealed record NotifierSpec(string Kind, string? Target)
{
    public static NotifierSpec Parse(string spec)
    {
        if (spec == "openclaw" || spec == "desktop") return new NotifierSpec(spec, null);
        if (spec.StartsWith("cmd:") && spec.Length > 4) return new NotifierSpec("cmd", spec[4..]);
        if (spec.StartsWith("webhook:") && Uri.TryCreate(spec[8..], UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return new NotifierSpec("webhook", uri.ToString());
        throw new UsageException($"invalid notifier {Printable.Quote(spec)}: use cmd:<program>, openclaw, desktop or webhook:<http(s) url>");
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

    /// <summary>How a notifier is shown in logs and status: a webhook by its scheme and host only, since its path and
    /// query often carry a token.</summary>
    public static string Describe(string spec) =>
        spec.StartsWith("webhook:") && Uri.TryCreate(spec[8..], UriKind.Absolute, out var u) ? $"webhook:{u.Scheme}://{u.Authority}/…" : spec;

    /// <summary>An error message with the notifier's full URL taken out.</summary>
    public static string Redact(string spec, string message) =>
        spec.StartsWith("webhook:") && spec.Length > 8 ? message.Replace(spec[8..], Describe(spec)[8..]) : message;
}
