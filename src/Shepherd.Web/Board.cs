using Shepherd.Agents;
using Shepherd.Notify;
using Shepherd.Store;
using Shepherd.Supervisor;
using Shepherd.Tasks;

namespace Shepherd.Web;

/// <summary>Reads the tasks as the CLI's read commands do (<c>list</c>, <c>status</c>): the store, the task's files.
/// It never writes: every change goes through the CLI (<see cref="Actions"/>). One connection, used under a lock; the
/// list is built once per change the <see cref="StoreWatch"/> saw, however many pages show it.</summary>
public sealed class Board(ShepherdHome home, TaskStore store, StoreWatch watch, TimeProvider clock)
{
    private readonly LastLine _lastLine = new();
    private readonly object _gate = new();
    private (long Version, List<TaskRow> Rows, string Json)? _rows;

    public List<TaskRow> Rows() => Current().Rows;

    /// <summary>The list as JSON, serialized once per change for every page that shows it.</summary>
    public string RowsJson() => Current().Json;

    private (long Version, List<TaskRow> Rows, string Json) Current()
    {
        var version = watch.Version;
        lock (_gate)
        {
            if (_rows is { } cached && cached.Version == version) return cached;
            // Summaries, not attempts: one query over integer columns (no argv to parse for a hundred tasks).
            var summaries = store.AttemptSummaries();
            var tasks = store.ListTasks();
            var rows = tasks.Select(t => Row(t, summaries.GetValueOrDefault(t.Id))).ToList();
            _lastLine.Forget(tasks.Select(t => home.LogFile(t.Name)));
            _rows = (version, rows, System.Text.Json.JsonSerializer.Serialize(rows, WebJson.Default.ListTaskRow));
            return _rows.Value;
        }
    }

    public TaskDetail? Detail(string name)
    {
        if (!TaskName.IsValid(name)) return null;
        lock (_gate)
        {
            if (store.FindTask(name) is not { } t) return null;
            var attempts = store.ListAttempts(t.Id);
            var ended = attempts.LastOrDefault(a => a.EndedAt is not null);
            var summary = new AttemptSummary(attempts.Count, ended is not null, ended?.ExitCode, ended?.Signal) { Usage = Spend.Usage.Total(attempts.Select(a => a.Usage)) };
            return new TaskDetail(Row(t, summary), t.ProjectDir, t.TmuxSession, t.AgentSessionId, t.CheckCommand, t.StopRequested && !t.IsFinal,
                t.NextAttemptAt, t.Worktree is { } w ? $"branch {w.Branch} of {w.Origin}" : null, t.OutputError, HandoffPrompt(t, attempts),
                attempts.Select(a => new AttemptItem(a.Number, a.Kind, a.StartedAt, a.EndedAt, Exit(a.ExitCode, a.Signal), a.Outcome?.Text(), a.Detail,
                    a.AgentSessionId, a.Prompt)).ToList(),
                store.ListChecks(t.Id).Select(c => new CheckItem(c.AttemptNumber, c.Command, c.StartedAt, c.EndedAt,
                    c.Passed ? "passed" : c.TimedOut ? "timed out" : Exit(c.ExitCode, c.Signal) ?? "?", c.Passed, c.Output)).ToList(),
                store.Notifications(t.Id).Select(o => new NotificationItem(NotifierSpec.Describe(o.Notifier), o.State,
                    o.DeliveredAt is not null ? "delivered" : o.LastError is not null ? "retrying" : "pending", o.Tries, o.DeliveredAt,
                    o.DeliveredAt is not null || o.LastError is null ? null : NotifierSpec.Redact(o.Notifier, o.LastError))).ToList());
        }
    }

    private TaskRow Row(TaskRecord t, AttemptSummary? attempts)
    {
        var line = _lastLine.Of(home.LogFile(t.Name), Transcript.ReaderFor(home, t));
        var orphaned = TaskLiveness.IsOrphaned(home, t, clock, Recovery.DefaultStartGrace);
        return new TaskRow(t.Name, Engines.AgentOn(t), orphaned ? "orphaned" : t.State.Text(), attempts?.Count ?? 0, t.CreatedAt, t.UpdatedAt,
            attempts is { AnyEnded: true } a ? Exit(a.LastExitCode, a.LastSignal) : null,
            orphaned ? $"was {t.State.Text()}: {TaskLiveness.Hint}" : t.Reason, line, t.StalledSince is not null,
            attempts?.Usage?.Short() is { Length: > 0 } spent ? spent : null);
    }

    /// <summary>The prompt of the task's latest fresh conversation with a handoff (handoff-N.md), if it had one.</summary>
    private string? HandoffPrompt(TaskRecord t, List<AttemptRecord> attempts)
    {
        if (attempts.LastOrDefault(a => a.Prompt?.StartsWith(AttemptPrompts.HandoffPrefix, StringComparison.Ordinal) == true) is not { } a) return null;
        var file = Path.Combine(home.TaskDir(t.Name), $"handoff-{a.Prompt![AttemptPrompts.HandoffPrefix.Length..]}.md");
        try { return File.Exists(file) ? File.ReadAllText(file) : null; }
        catch (IOException) { return null; }
    }

    public static string? Exit(int? code, int? signal) =>
        signal is { } s ? Shepherd.Platform.Signals.Name(s) : code is { } c ? $"exit {c}" : null;
}
