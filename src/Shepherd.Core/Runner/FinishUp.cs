using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>Finishing a final task: deliver its notifications beside the loop (bounded in time; what is left goes to
/// the daemon or <c>recover</c>), then write the done file, then show <c>__TASK_DONE__</c> as the pane's last line.
/// Intents wait until it is over (a resume then reopens the task); a signal ends it at once, leaving the rest to the
/// next runner.</summary>
internal sealed class FinishUp : IRunnerActivity
{
    private readonly RunnerContext _rc;
    private readonly TaskRecord _task;
    private readonly CancellationTokenSource _bound;
    private readonly Task _delivery;

    public FinishUp(RunnerContext rc, TaskRecord task)
    {
        (_rc, _task) = (rc, task);
        _bound = new CancellationTokenSource(rc.Options.NotifyBound);
        _delivery = rc.DeliverNotifications(task.Id, _bound.Token);
        _ = _delivery.ContinueWith(_ => rc.Inbox.Post(new RunnerEvent.WorkDone()), TaskScheduler.Default);
    }

    public bool Done { get; private set; }
    public bool AttemptOpen => false;
    public bool HoldsIntents => true;
    public TimeSpan? Due => null;

    public void OnTimer() { }
    public void OnChildExited(int pid, ExitStatus status) { }
    public void OnIntentsApplied(TaskRecord task) { }

    public void OnWorkDone()
    {
        if (!_delivery.IsCompleted || Done) return;
        Done = true;
        _bound.Dispose();
        _rc.Home.WriteDone(_task);
        _rc.Output.FlushPane();
        _rc.Output.Note(_task.Reason is null ? $"__TASK_DONE__ {_task.State.Text()}" : $"__TASK_DONE__ {_task.State.Text()}: {Printable.Escape(_task.Reason)}");
        _rc.Output.FlushPane();
    }

    public void OnSignal(int signal)
    {
        Done = true;
        _bound.Cancel();
    }
}
