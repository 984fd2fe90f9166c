using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>The user's success gate (<c>start --check</c>): after the agent reports a success, run the check with
/// <c>sh -c</c> in the project directory, with the task's environment and its timeout. Its output goes to the pane,
/// the log and <c>check.log</c>; its last 8 KiB are stored. A pass makes the attempt a success; a failure resumes the
/// conversation by its id with that output, within the restart budget.</summary>
internal sealed class SuccessCheck(RunnerContext rc)
{
    public const int KeptOutput = 8 * 1024;
    private static readonly int[] StopSignals = [Signals.SIGINT, Signals.SIGTERM, Signals.SIGKILL];

    public async Task RunAsync(TaskRecord task, AttemptRecord attempt)
    {
        var command = task.CheckCommand!;
        var env = TaskEnvironment.LoadOr(rc.Home.EnvFile(task.Name), TaskEnvironment.Current()).ToDictionary();
        env["PWD"] = task.ProjectDir;
        env[AgentGroup.MarkerVariable] = AgentGroup.Marker(rc.Home, attempt.Id);
        rc.Output.Note($"[shepherd] check after attempt {attempt.Number}: sh -c {Printable.Quote(command)} (timeout {Duration.Format(task.CheckTimeout)})");
        var startedAt = rc.Clock.GetUtcNow();
        var tail = new TailBuffer(KeptOutput);
        IChildProcess child;
        try { child = rc.Launcher.Start(new LaunchSpec("/bin/sh", ["-c", command], env, task.ProjectDir, null)); }
        catch (IOException e)
        {
            Conclude(task, attempt, new CheckRecord
            {
                TaskId = task.Id, AttemptNumber = attempt.Number, Command = command, StartedAt = startedAt,
                EndedAt = rc.Clock.GetUtcNow(), ExitCode = 127, Output = $"cannot run the check: {e.Message}",
            });
            return;
        }
        using (child)
        using (var log = OpenLog(task))
        {
            _ = child.Exited.ContinueWith(t => rc.Inbox.Post(new RunnerEvent.ChildExited(child.Pid,
                t.IsCompletedSuccessfully ? t.Result : ExitStatus.Unknown)), TaskScheduler.Default);
            var pumps = Task.WhenAll(Copy(child.StandardOutput, tail, log), Copy(child.StandardError, tail, log));
            var started = rc.Clock.GetTimestamp();
            var watch = new ChildWatch(child.Pid, rc.Clock);
            var timedOut = false;
            int? runnerSignal = null;
            ExitStatus? exit = null;
            while (exit is null)
            {
                var left = task.CheckTimeout - rc.Clock.GetElapsedTime(started);
                switch (await rc.Inbox.NextAsync(new[] { left, watch.Due ?? TimeSpan.MaxValue }.Min()))
                {
                    case RunnerEvent.ChildExited e when e.Pid == child.Pid: exit = e.Status; break;
                    case RunnerEvent.Wake: ApplyIntents(task.Id, watch); break;
                    case RunnerEvent.Interrupt when !watch.Ending:
                        rc.Store.AddIntent(task.Id, IntentKind.Stop, null);
                        ApplyIntents(task.Id, watch);
                        break;
                    case RunnerEvent.Terminate t:
                        runnerSignal ??= t.Signal;
                        watch.Forward(t.Signal);
                        break;
                    case null:
                        if (left <= TimeSpan.Zero && !timedOut)
                        {
                            timedOut = true;
                            watch.Begin([Signals.SIGTERM, Signals.SIGKILL], rc.Options.KillGrace);
                        }
                        if (watch.Due == TimeSpan.Zero) watch.Step();
                        break;
                }
            }
            ProcessInfo.SignalGroup(child.Pid, Signals.SIGKILL);
            await Task.WhenAny(pumps, Task.Delay(TimeSpan.FromSeconds(2), rc.Clock));
            // The runner is being ended: the check did not decide anything; the next runner runs it again.
            if (runnerSignal is not null && !(rc.Store.GetTask(task.Id)?.StopRequested ?? false)) return;
            Conclude(task, attempt, new CheckRecord
            {
                TaskId = task.Id, AttemptNumber = attempt.Number, Command = command, StartedAt = startedAt, EndedAt = rc.Clock.GetUtcNow(),
                ExitCode = exit.Code, Signal = exit.Signal, TimedOut = timedOut, Output = tail.ToString(),
            });
        }
    }

    private void Conclude(TaskRecord task, AttemptRecord attempt, CheckRecord check)
    {
        var fresh = rc.Store.GetTask(task.Id)!;
        var c = AttemptDecisions.AfterCheck(fresh, attempt, rc.Store.ListAttempts(task.Id), check, rc.Clock.GetUtcNow(),
            MonotonicTime.Now(rc.Clock, rc.BootId), Random.Shared.NextDouble(), rc.Options.ContinuePrompt);
        rc.Store.Conclude(c);
        rc.Output.Note($"[shepherd] check: {(check.Passed ? "passed" : c.Detail)}{(c.Next == TaskState.Backoff ? $"; resuming with its output" : "")}");
    }

    private void ApplyIntents(long taskId, ChildWatch watch)
    {
        foreach (var (intent, result) in rc.Owner.ApplyIntents(taskId, agentRunning: true))
            rc.Output.Note($"[shepherd] {Intent.Text(intent.Kind)}: {result}");
        if (rc.Store.GetTask(taskId) is { StopRequested: true } && !watch.Ending) watch.Begin(StopSignals, rc.Options.KillGrace);
    }

    private FileStream OpenLog(TaskRecord task) => new(rc.Home.CheckLog(task.Name), new FileStreamOptions
    {
        Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, UnixCreateMode = ShepherdHome.PrivateFileMode,
    });

    private Task Copy(Stream from, TailBuffer tail, FileStream log) => Task.Factory.StartNew(() =>
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int n;
            try { n = from.Read(buffer); }
            catch (IOException) { return; }
            if (n <= 0) return;
            rc.Output.Write(buffer.AsSpan(0, n));
            tail.Write(buffer.AsSpan(0, n));
            lock (log)
            {
                try { log.Write(buffer, 0, n); } catch (IOException) { /* the check's own log is a convenience */ }
            }
        }
    }, TaskCreationOptions.LongRunning);
}
