using Shepherd.Tasks;

namespace Shepherd.Notify;

/// <summary>What a notification is about, for people and for <c>--notify-on</c>: <c>done</c> (succeeded), <c>failed</c>,
/// <c>stopped</c>, <c>stalled</c>, and <c>needs-you</c> — failed for a reason a person must fix (authentication refused,
/// a budget spent, bad arguments, an agent that cannot be executed, the handoffs spent), or waiting for a usage-limit reset
/// more than <see cref="LongWait"/> away. Read from the state and the reason, whose words come from
/// <c>Agents/ExitClassifier</c>, <c>Runner/AttemptDecisions</c> and <c>Spend/Budgets</c>.</summary>
public static class NotificationKinds
{
    public const string Done = "done", Failed = "failed", Stopped = "stopped", Stalled = "stalled", NeedsYou = "needs-you";

    public static readonly string[] All = [Done, Failed, Stopped, Stalled, NeedsYou];

    /// <summary>A usage-limit wait longer than this is worth telling a person (who may switch account or agent).</summary>
    public static readonly TimeSpan LongWait = TimeSpan.FromMinutes(30);

    /// <summary>The outbox's state for a task waiting out a long usage limit.</summary>
    public const string WaitingState = "waiting";

    private static readonly string[] PersonMustFix =
    [
        "authentication refused", "token budget spent", "cost budget spent", "bad arguments", "handoff(s) allowed are spent", "agent could not be executed",
        "refuses --dangerously-skip-permissions",
    ];

    public static string Of(string state, string? reason) => state switch
    {
        "succeeded" => Done,
        "stopped" => Stopped,
        "stalled" => Stalled,
        WaitingState => NeedsYou,
        "failed" when reason is not null && PersonMustFix.Any(p => reason.Contains(p, StringComparison.Ordinal)) => NeedsYou,
        _ => Failed,
    };

    /// <summary>The <c>--notify-on</c> values (or config's <c>notify_on</c>) as one list: "needs-you,failed" gives every
    /// notifier those kinds; "slack=needs-you" gives them to the task's <c>slack:</c> notifiers only, kept as
    /// "slack=needs-you". A kind or notifier Shepherd does not know is a usage error naming <paramref name="source"/>.</summary>
    public static List<string> Parse(IEnumerable<string> given, string source)
    {
        var on = new List<string>();
        foreach (var value in given)
        {
            var eq = value.IndexOf('=');
            var notifier = eq < 0 ? null : value[..eq].Trim();
            if (notifier is not null && !NotifierSpec.Kinds.Contains(notifier))
                throw new UsageException($"{source}: unknown notifier {Printable.Quote(notifier)} (notifiers: {string.Join(", ", NotifierSpec.Kinds)})");
            var kinds = value[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (kinds.Length == 0) throw new UsageException($"{source}: no kind in {Printable.Quote(value)} (kinds: {string.Join(", ", All)})");
            foreach (var kind in kinds)
            {
                if (!All.Contains(kind)) throw new UsageException($"{source}: unknown kind {Printable.Quote(kind)} (kinds: {string.Join(", ", All)})");
                on.Add(notifier is null ? kind : $"{notifier}={kind}");
            }
        }
        return on.Distinct().ToList();
    }

    /// <summary>The kinds the notifier <paramref name="spec"/> gets from a task that asked for <paramref name="on"/>: those
    /// named for its kind of notifier, else those named for every notifier; empty: every kind.</summary>
    public static List<string> For(IReadOnlyList<string> on, string spec)
    {
        var prefix = NotifierSpec.KindOf(spec) + "=";
        var own = on.Where(o => o.StartsWith(prefix, StringComparison.Ordinal)).Select(o => o[prefix.Length..]).ToList();
        return own.Count > 0 ? own : on.Where(o => !o.Contains('=')).ToList();
    }

    /// <summary>Whether the notifier <paramref name="spec"/> of a task that asked for <paramref name="on"/> gets a notification of <paramref name="kind"/>.</summary>
    public static bool Wants(IReadOnlyList<string> on, string spec, string kind) => For(on, spec) is var kinds && (kinds.Count == 0 || kinds.Contains(kind));
}
