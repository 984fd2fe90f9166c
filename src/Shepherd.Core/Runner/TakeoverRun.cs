using Shepherd.Platform;
using Shepherd.Supervisor;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>A runner that finds what a lost runner left (an attempt without an end, a check still running) ends it
/// from its loop — SIGTERM, SIGKILL after the grace — looking every 50 ms whether it is gone, then records the takeover
/// in one transaction. Intents wait for it. A signal ends it at once, unrecorded: the next runner takes over again.</summary>
internal sealed class TakeoverRun(RunnerContext rc, TaskOwner.Takeover takeover) : IRunnerActivity
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public bool Done { get; private set; }
    public bool AttemptOpen => false;
    public bool HoldsIntents => true;

    public TimeSpan? Due => takeover.Settled ? TimeSpan.Zero : takeover.Ladder!.Due is { } d && d < Poll ? d : Poll;

    public void OnTimer()
    {
        takeover.Ladder?.Step();
        if (!takeover.Settled) return;
        Done = true;
        rc.Output.Note($"[shepherd] {rc.Owner.FinishTakeOver(takeover)}");
    }

    public void OnChildExited(int pid, ExitStatus status) { }
    public void OnWorkDone() { }
    public void OnSignal(int signal) => Done = true;
    public void OnIntentsApplied(TaskRecord task) { }
}
