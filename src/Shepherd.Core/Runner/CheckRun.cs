using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>The user's success gate (<c>start --check</c>): after the agent reports a success, run the check with
/// <c>sh -c</c> in the project directory, with the task's environment, the attempt's marker (a takeover finds it) and
/// its timeout. Its output goes to the pane, the log and <c>check.log</c>; its last 8 KiB are stored. A pass makes the
/// attempt a success; a failure resumes the conversation by its id with that output, within the restart budget. A
/// runner being ended (SIGTERM, SIGHUP) decides nothing: the next runner runs the check again.</summary>
internal sealed class CheckRun : ChildRun
{
    public const int KeptOutput = 8 * 1024;

    private readonly TaskRecord _task;
    private readonly AttemptRecord _attempt;
    private readonly DateTimeOffset _startedAt;
    private readonly TailBuffer _tail;
    private readonly FileStream _log;
    private readonly Task _pumps;
    private readonly long _started;
    private bool _timedOut;

    private CheckRun(RunnerContext rc, TaskRecord task, AttemptRecord attempt, IChildProcess child, DateTimeOffset startedAt, TailBuffer tail,
        FileStream log) : base(rc, child)
    {
        (_task, _attempt, _startedAt, _tail, _log) = (task, attempt, startedAt, tail, log);
        _started = rc.Clock.GetTimestamp();
        _pumps = Task.WhenAll(Copy(child.StandardOutput), Copy(child.StandardError));
    }

    /// <summary>The running check, or null when it could not be started (then concluded as a failed check).</summary>
    public static CheckRun? Start(RunnerContext rc, TaskRecord task, AttemptRecord attempt)
    {
        var command = task.CheckCommand!;
        var env = TaskEnvironment.LoadOr(rc.Home.EnvFile(task.Name), TaskEnvironment.Current()).ToDictionary();
        env["PWD"] = task.ProjectDir;
        env[AgentGroup.MarkerVariable] = AgentGroup.Marker(rc.Home, attempt.Id);
        rc.Output.Note($"[shepherd] check after attempt {attempt.Number}: sh -c {Printable.Quote(command)} (timeout {Duration.Format(task.CheckTimeout)})");
        var startedAt = rc.Clock.GetUtcNow();
        IChildProcess child;
        try { child = rc.Launcher.Start(new LaunchSpec("/bin/sh", ["-c", command], env, task.ProjectDir, null)); }
        catch (IOException e)
        {
            Conclude(rc, task, attempt, new CheckRecord
            {
                TaskId = task.Id, AttemptNumber = attempt.Number, Command = command, StartedAt = startedAt,
                EndedAt = rc.Clock.GetUtcNow(), ExitCode = 127, Output = $"cannot run the check: {e.Message}",
            });
            return null;
        }
        return new CheckRun(rc, task, attempt, child, startedAt, new TailBuffer(KeptOutput), OpenLog(rc, task));
    }

    protected override TimeSpan? NextCheck => _timedOut ? null : _task.CheckTimeout - Rc.Clock.GetElapsedTime(_started);

    protected override void Tick()
    {
        if (_timedOut || Rc.Clock.GetElapsedTime(_started) < _task.CheckTimeout) return;
        _timedOut = true;
        Ladder.Begin(EndSignals, Rc.Options.KillGrace);
    }

    protected override Task OutputRead() => _pumps;

    protected override void Conclude()
    {
        using var log = _log;
        // The runner is being ended: the check did not decide anything; the next runner runs it again.
        if (RunnerSignal is not null && !(Rc.Store.GetTask(_task.Id)?.StopRequested ?? false)) return;
        Conclude(Rc, _task, _attempt, new CheckRecord
        {
            TaskId = _task.Id, AttemptNumber = _attempt.Number, Command = _task.CheckCommand!, StartedAt = _startedAt,
            EndedAt = Rc.Clock.GetUtcNow(), ExitCode = Exit!.Code, Signal = Exit.Signal, TimedOut = _timedOut, Output = _tail.ToString(),
        });
    }

    private static void Conclude(RunnerContext rc, TaskRecord task, AttemptRecord attempt, CheckRecord check)
    {
        var fresh = rc.Store.GetTask(task.Id)!;
        var c = AttemptDecisions.AfterCheck(fresh, attempt, rc.Store.ListAttempts(task.Id), check, rc.Clock.GetUtcNow(),
            MonotonicTime.Now(rc.Clock, rc.BootId), Random.Shared.NextDouble(), rc.Options.ContinuePrompt);
        rc.Store.Conclude(c);
        rc.Output.Note($"[shepherd] check: {(check.Passed ? "passed" : c.Detail)}{(c.Next == TaskState.Backoff ? "; resuming with its output" : "")}");
    }

    private static FileStream OpenLog(RunnerContext rc, TaskRecord task) => new(rc.Home.CheckLog(task.Name), new FileStreamOptions
    {
        Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, UnixCreateMode = ShepherdHome.PrivateFileMode,
    });

    private Task Copy(Stream from) => Task.Factory.StartNew(() =>
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int n;
            try { n = from.Read(buffer); }
            catch (Exception e) when (e is IOException or ObjectDisposedException) { return; }
            if (n <= 0) return;
            Rc.Output.Write(buffer.AsSpan(0, n));
            _tail.Write(buffer.AsSpan(0, n));
            lock (_log)
            {
                try { _log.Write(buffer, 0, n); } catch (Exception e) when (e is IOException or ObjectDisposedException) { /* the check's own log is a convenience */ }
            }
        }
    }, TaskCreationOptions.LongRunning);
}
