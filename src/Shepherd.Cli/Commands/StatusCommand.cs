using System.CommandLine;
using System.Text;
using Shepherd.Agents;
using Shepherd.Cli.Live;
using Shepherd.Supervisor;
using Shepherd.Terminal;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd status</c>: one task with every attempt and the last lines of what its agent said and did (its
/// readable transcript: escape sequences stripped, control characters escaped).</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext ctx)
    {
        var name = CommonOptions.TaskName();
        var json = CommonOptions.Json();
        var cmd = new Command("status", "Show one task, its attempts and its last output") { name, json };
        cmd.SetAction(p =>
        {
            var task = ctx.Store.GetTask(p.GetValue(name)!);
            var attempts = ctx.Store.ListAttempts(task.Id);
            // JSON carries the lines as the agent printed them; only the terminal view escapes them.
            var tail = LastLines(ctx.Home.LogFile(task.Name), 10).Select(l => l.Length > 2000 ? l[..2000] + "…" : l).ToList();
            var checks = ctx.Store.ListChecks(task.Id);
            var transcript = Transcript.Tail(ctx.Home.LogFile(task.Name), Transcript.ReaderFor(ctx.Home, task), 10);
            var view = TaskView.From(task, attempts) with
            {
                History = attempts.Select(AttemptView.From).ToList(), Checks = checks.Select(CheckView.From).ToList(), LastOutput = tail,
                Transcript = transcript.Select(l => new TranscriptView(l.Kind, l.Text)).ToList(), QueuedPrompt = Queued(ctx, task),
                Notify = task.Notify.Count > 0 ? NotifierView.Of(task) : null,
                Notifications = ctx.Store.Notifications(task.Id).Select(NotificationView.From).ToList(),
                Snapshots = new Runner.SessionSnapshots(ctx.Home, task.Name, ctx.Clock).List().Select(SnapshotView.From).ToList(),
                Worktree = WorktreeView.Of(ctx, task), Orphaned = TaskLiveness.IsOrphaned(ctx.Home, task, ctx.Clock, Recovery.DefaultStartGrace),
            };
            if (p.GetValue(json)) { Output.Json(view, CliJson.Relaxed.TaskView); return 0; }
            var now = ctx.Clock.GetUtcNow();
            Console.WriteLine($"task      {view.Name}");
            Console.WriteLine($"agent     {view.Agent}   session {(view.AgentSessionId is { } sid ? Printable.Escape(sid, 120) : "(not yet known)")}");
            Console.WriteLine($"state     {view.State}{(view.Reason is { } r ? ": " + Printable.Escape(r) : "")}");
            if (view.Orphaned) Console.WriteLine($"orphaned  {TaskLiveness.Hint}");
            if (view.StalledSince is { } s) Console.WriteLine($"stalled   no output, no transcript growth and no CPU since {s:u}");
            if (view.NextAttemptAt is { } next && view.State == "backoff") Console.WriteLine($"next      resume in {Duration.Format(next - now)}");
            if (view.Handoffs > 0 || task.HandoffReason is not null)
                Console.WriteLine($"handoffs  {view.Handoffs} of {task.MaxHandoffs}" + string.Concat(attempts.Where(a => a.Kind == "handoff")
                    .Select(a => $"; attempt #{a.Number} opened a fresh conversation with {ctx.Home.TaskDir(task.Name)}/handoff-{a.Prompt?[AttemptPrompts.HandoffPrefix.Length..]}.md")));
            if (view.QueuedPrompt is { } queued)
                Console.WriteLine($"queued    {(task.State is TaskState.Running or TaskState.Checking ? "for after the current turn" : "for the next attempt")}: {Printable.Escape(queued.ReplaceLineEndings(" "), 100)}");
            if (view.StopRequested && !task.IsFinal) Console.WriteLine("stop      requested; the runner is ending the agent");
            if (view.OutputError is { } oe) Console.WriteLine($"output    {Printable.Escape(oe)}");
            if (task.MaxTokens is not null || task.MaxCostUsd is not null || attempts.Any(a => a.Usage is not null))
                Console.WriteLine($"spent     {Spent(task, attempts)}");
            if (view.Check is { } check) Console.WriteLine($"check     sh -c {Printable.Quote(check)} (timeout {Duration.Format(task.CheckTimeout)})");
            if (view.Notify is { } notify)
                Console.WriteLine($"notify    {string.Join(", ", notify.Select(n => Printable.Escape(n.Notifier, 60) + (n.On is { } on ? $" ({string.Join(", ", on)})" : "")))}");
            Console.WriteLine($"directory {Printable.Escape(view.ProjectDir)}");
            if (view.Worktree is { } w)
                Console.WriteLine($"worktree  {Printable.Escape(w.Path)}   branch {w.Branch} of {Printable.Escape(w.Origin)}");
            if (view.Engine is null) Console.WriteLine($"tmux      {view.TmuxSession}   age {Output.Age(view.CreatedAt, now)}");
            else
            {
                Console.WriteLine($"engine    {Commands.EngineChoice.Describe(task)}   age {Output.Age(view.CreatedAt, now)}");
                if (task.LeaseUntil is { } until && RunLease.Parse(task.LeaseHolder) is { } holder && until > now)
                    Console.WriteLine($"lease     {holder.Describe(until)}");
            }
            Console.WriteLine("attempts:");
            foreach (var line in Columns.Format("  ", ["#", "KIND", "STARTED", "RAN", "EXIT", "OUTCOME", "SPENT", "DETAIL"], view.History!.Select(a => (IReadOnlyList<string>)
                [$"{a.Number}", a.Kind, $"{a.StartedAt.ToLocalTime():HH:mm:ss}", a.EndedAt is { } e ? Duration.Format(e - a.StartedAt) : "running",
                 a.EndedAt is null ? "" : Output.Exit(a.Exit), a.Outcome ?? "", a.Usage?.Short() ?? "", Printable.Escape(DetailBeyond(a), 80)]), rightAligned: new HashSet<int> { 0, 3 }))
                Console.WriteLine(line);
            if (view.Notifications!.Count > 0)
            {
                Console.WriteLine("notifications:");
                foreach (var line in Columns.Format("  ", ["NOTIFIER", "EVENT", "STATUS", "WHEN / TRIES", "LAST ERROR"], view.Notifications.Select(n => (IReadOnlyList<string>)
                    [Printable.Escape(n.Notifier, 60), n.Event, n.Status,
                     n.DeliveredAt is { } at ? $"{at.ToLocalTime():HH:mm:ss}" : $"{n.Tries} {(n.Tries == 1 ? "try" : "tries")}",
                     n.LastError is { } err ? Printable.Escape(err, 120) : ""])))
                    Console.WriteLine(line);
            }
            if (view.Snapshots!.Count > 0)
                Console.WriteLine($"snapshots {string.Join(", ", view.Snapshots.Select(s => $"after #{s.Attempt} ({Output.Bytes(s.Bytes)}, {s.TakenAt.ToLocalTime():HH:mm:ss})"))}");
            if (checks.Count > 0)
            {
                Console.WriteLine("checks:");
                foreach (var c in checks)
                {
                    var result = c.Passed ? "passed" : c.TimedOut ? "timed out" : c.Signal is { } sg ? Platform.Signals.Name(sg) : $"exit {c.ExitCode}";
                    Console.WriteLine($"  after #{c.AttemptNumber,-3} {c.StartedAt.ToLocalTime():HH:mm:ss} {Duration.Format(c.EndedAt - c.StartedAt),8}  {result}");
                    if (!c.Passed)
                        foreach (var l in c.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3)) Console.WriteLine("    " + Printable.Escape(EscapeStripper.Strip(l), 200));
                }
            }
            if (transcript.Count > 0)
            {
                Console.WriteLine($"transcript (the last {transcript.Count} lines; `shepherd logs {view.Name} --transcript` for all):");
                foreach (var l in transcript)
                    foreach (var part in l.ToString().Split('\n').TakeLast(12)) Console.WriteLine("  " + Printable.Escape(part, 300));
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>The attempt's detail when it says more than its exit and outcome do.</summary>
    private static string DetailBeyond(AttemptView a)
    {
        var detail = a.Detail ?? "";
        return detail == Output.Exit(a.Exit) || detail == a.Outcome || detail == $"{Output.Exit(a.Exit)}: {a.Outcome}" ? "" : detail;
    }

    /// <summary>The prompt the next attempt gets (follow-ups given during a turn, or a failed check's output) while it waits,
    /// and follow-ups the runner has not picked up yet.</summary>
    private static string? Queued(CliContext ctx, TaskRecord task)
    {
        if (task.IsFinal) return null;
        var pending = ctx.Store.PendingIntents(task.Id).Where(i => i.Kind == IntentKind.Resume && i.Prompt is not null).Select(i => i.Prompt!);
        var all = (task.ResumePrompt is { } p ? new[] { p } : []).Concat(pending).ToList();
        return all.Count == 0 ? null : string.Join("\n\n", all);
    }

    /// <summary>"12.3k tokens (10k input, 8k of it cached, 2.3k output), $0.42 · budget 100k tokens, $5.00 (since attempt #3)".</summary>
    private static string Spent(TaskRecord task, IReadOnlyList<AttemptRecord> attempts)
    {
        var all = Spend.Usage.Total(attempts.Select(a => a.Usage));
        var text = all is null ? "nothing reported" : all.Short();
        if (all is { HasTokens: true })
            text += $" ({Spend.Usage.Count(all.InputTokens ?? 0)} input{(all.CachedInputTokens is { } c ? $", {Spend.Usage.Count(c)} of it cached" : "")}, " +
                    $"{Spend.Usage.Count(all.OutputTokens ?? 0)} output)";
        var limits = new List<string>();
        if (task.MaxTokens is { } t) limits.Add($"{Spend.Usage.Count(t)} tokens");
        if (task.MaxCostUsd is { } usd) limits.Add(Spend.Usage.Dollars(usd));
        if (limits.Count > 0)
        {
            var since = Spend.Budgets.Spent(task, attempts);
            var sinceText = since?.Short() is { Length: > 0 } s ? s : "nothing";
            text += $" · budget {string.Join(", ", limits)}" + (task.BudgetFrom > 1 ? $" ({sinceText} since attempt #{task.BudgetFrom})" : "");
        }
        return text;
    }

    /// <summary>The last lines of a file, reading only its end.</summary>
    public static List<string> LastLines(string path, int count)
    {
        if (!File.Exists(path)) return [];
        var lines = Encoding.UTF8.GetString(Platform.FileEnd.Read(path, 64 * 1024)).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines.TakeLast(count).ToList();
    }
}
