using System.CommandLine;
using System.Text;
using Shepherd.Supervisor;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd status</c>: one task with every attempt and the last lines of its output
/// (control characters escaped: escape sequences never reach the terminal from here).</summary>
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
            var view = TaskView.From(task, attempts) with
            {
                History = attempts.Select(AttemptView.From).ToList(), Checks = checks.Select(CheckView.From).ToList(), LastOutput = tail,
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
            if (view.StopRequested && !task.IsFinal) Console.WriteLine("stop      requested; the runner is ending the agent");
            if (view.OutputError is { } oe) Console.WriteLine($"output    {Printable.Escape(oe)}");
            if (view.Check is { } check) Console.WriteLine($"check     sh -c {Printable.Quote(check)} (timeout {Duration.Format(task.CheckTimeout)})");
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
            foreach (var a in view.History!)
                Console.WriteLine(($"  #{a.Number,-3} {a.Kind,-6} {a.StartedAt:HH:mm:ss} {(a.EndedAt is { } e ? Duration.Format(e - a.StartedAt) : "running"),8}  " +
                                   $"{Output.Exit(a.Exit),-10} {a.Outcome ?? "",-13} {Printable.Escape(a.Detail ?? "", 80)}").TrimEnd());
            if (view.Notifications!.Count > 0)
            {
                Console.WriteLine("notifications:");
                foreach (var n in view.Notifications)
                    Console.WriteLine(($"  {Printable.Escape(n.Notifier, 60),-24} {n.Event,-10} {n.Status,-9} " +
                                       (n.DeliveredAt is { } at ? $"{at.ToLocalTime():HH:mm:ss}" : $"{n.Tries} {(n.Tries == 1 ? "try" : "tries")}") +
                                       (n.LastError is { } err ? "  " + Printable.Escape(err, 120) : "")).TrimEnd());
            }
            if (view.Snapshots!.Count > 0)
                Console.WriteLine($"snapshots {string.Join(", ", view.Snapshots.Select(s => $"after #{s.Attempt} ({Output.Bytes(s.Bytes)}, {s.TakenAt.ToLocalTime():HH:mm:ss})"))}");
            if (checks.Count > 0) Console.WriteLine("checks:");
            foreach (var c in checks)
            {
                var result = c.Passed ? "passed" : c.TimedOut ? "timed out" : c.Signal is { } sg ? Platform.Signals.Name(sg) : $"exit {c.ExitCode}";
                Console.WriteLine($"  after #{c.AttemptNumber,-3} {c.StartedAt:HH:mm:ss} {Duration.Format(c.EndedAt - c.StartedAt),8}  {result}");
                if (!c.Passed)
                    foreach (var l in c.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3)) Console.WriteLine("    " + Printable.Escape(l, 200));
            }
            if (tail.Count > 0)
            {
                Console.WriteLine("last output:");
                foreach (var l in tail) Console.WriteLine("  " + Printable.Escape(l, 300));
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>The last lines of a file, reading only its end.</summary>
    public static List<string> LastLines(string path, int count)
    {
        if (!File.Exists(path)) return [];
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var size = Math.Min(fs.Length, 64 * 1024);
        fs.Seek(-size, SeekOrigin.End);
        var buffer = new byte[size];
        fs.ReadExactly(buffer);
        var lines = Encoding.UTF8.GetString(buffer).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines.TakeLast(count).ToList();
    }
}
