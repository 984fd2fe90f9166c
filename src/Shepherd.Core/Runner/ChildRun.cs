using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>A process of the task run by the runner's loop — the agent's attempt or its check: it ends the process's
/// group step by step when asked (a stop, a limit), passes on the signals the runner gets, and once the process has
/// exited and its last output is read (or 2 s passed), concludes it in one transaction.</summary>
internal abstract class ChildRun : IRunnerActivity
{
    protected static readonly int[] StopSignals = [Signals.SIGINT, Signals.SIGTERM, Signals.SIGKILL];
    protected static readonly int[] EndSignals = [Signals.SIGTERM, Signals.SIGKILL];
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(2);

    private readonly long _started;
    private Task? _drain;
    private long _exitedAt;

    protected ChildRun(RunnerContext rc, IChildProcess child)
    {
        Rc = rc;
        Child = child;
        Ladder = new SignalLadder(new ProcessGroup(child.Pid), rc.Clock);
        _started = rc.Clock.GetTimestamp();
        _ = child.Exited.ContinueWith(t => rc.Inbox.Post(new RunnerEvent.ChildExited(child.Pid,
            t.IsCompletedSuccessfully ? t.Result : ExitStatus.Unknown)), TaskScheduler.Default);
    }

    protected RunnerContext Rc { get; }
    protected IChildProcess Child { get; }
    protected SignalLadder Ladder { get; }
    protected ExitStatus? Exit { get; private set; }
    /// <summary>The signal that is ending the runner itself, if one came.</summary>
    protected int? RunnerSignal { get; private set; }
    protected TimeSpan RunTime { get; private set; }

    public bool Done { get; private set; }
    public bool AttemptOpen => !Done;
    public bool HoldsIntents => false;

    public TimeSpan? Due => Exit is null
        ? Min(Ladder.Due, NextCheck)
        : DrainBound - Rc.Clock.GetElapsedTime(_exitedAt) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    /// <summary>When the subclass wants <see cref="Tick"/> while the process runs (a time limit, a stall check).</summary>
    protected virtual TimeSpan? NextCheck => null;

    protected virtual void Tick() { }

    /// <summary>The process's last output is read (or the bound passed): store how it ended.</summary>
    protected abstract void Conclude();

    /// <summary>Another run took the task over: its store is not ours to write any more.</summary>
    protected virtual void Abandon() { }

    /// <summary>Completes once everything the process wrote has been read.</summary>
    protected abstract Task OutputRead();

    public void OnTimer()
    {
        if (Exit is null)
        {
            Ladder.Step();
            Tick();
        }
        else if (Rc.Clock.GetElapsedTime(_exitedAt) >= DrainBound) Finish();
    }

    public void OnChildExited(int pid, ExitStatus status)
    {
        if (pid != Child.Pid || Exit is not null) return;
        Exit = status;
        RunTime = Rc.Clock.GetElapsedTime(_started);
        _exitedAt = Rc.Clock.GetTimestamp();
        // Whatever it left in its group (a tool it started) is orphaned work: end it too.
        ProcessInfo.SignalGroup(Child.Pid, Signals.SIGKILL);
        _drain = OutputRead();
        _ = _drain.ContinueWith(_ => Rc.Inbox.Post(new RunnerEvent.WorkDone()), TaskScheduler.Default);
    }

    public void OnWorkDone()
    {
        if (_drain is { IsCompleted: true }) Finish();
    }

    public void OnSignal(int signal)
    {
        RunnerSignal ??= signal;
        if (Exit is null && Rc.Options.Foreground && !Ladder.Ending) Ladder.Begin(EndSignals, Rc.Options.KillGrace);
        else if (Exit is null) Ladder.Forward(signal);
    }

    public virtual void OnTurnEnded(long attemptId) { }

    public virtual void OnUsageStored(long attemptId) { }

    public virtual void OnIntentsApplied(TaskRecord task)
    {
        if (task.StopRequested && Exit is null) Ladder.Begin(StopSignals, Rc.Options.KillGrace);
    }

    private void Finish()
    {
        if (Done) return;
        Done = true;
        try
        {
            if (Rc.Fenced) Abandon();
            else Conclude();
        }
        finally { Child.Dispose(); }
    }

    protected static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
