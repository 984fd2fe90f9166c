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

    /// <summary>"needs-you,failed" as a list of kinds; a kind Shepherd does not know is a usage error naming <paramref name="source"/>.</summary>
    public static List<string> Parse(IEnumerable<string> given, string source)
    {
        var kinds = given.SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
        if (kinds.FirstOrDefault(k => !All.Contains(k)) is { } bad)
            throw new UsageException($"{source}: unknown kind {Printable.Quote(bad)} (kinds: {string.Join(", ", All)})");
        return kinds;
    }

    /// <summary>Whether a task that asked for <paramref name="on"/> (empty: everything) gets a notification of <paramref name="kind"/>.</summary>
    public static bool Wants(IReadOnlyList<string> on, string kind) => on.Count == 0 || on.Contains(kind);
}
