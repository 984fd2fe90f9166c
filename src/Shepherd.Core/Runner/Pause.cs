using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>Waiting out a backoff: over at its deadline, at a signal, or as soon as an intent changed the task (a
/// resume makes it due now, a stop ends it).</summary>
internal sealed class Pause(TimeProvider clock, TimeSpan wait) : IRunnerActivity
{
    private readonly long _from = clock.GetTimestamp();

    public bool Done { get; private set; }
    public bool AttemptOpen => false;
    public bool HoldsIntents => false;
    public TimeSpan? Due => wait - clock.GetElapsedTime(_from);

    public void OnTimer() => Done = Due <= TimeSpan.Zero;
    public void OnChildExited(int pid, ExitStatus status) { }
    public void OnWorkDone() { }
    public void OnSignal(int signal) => Done = true;
    public void OnIntentsApplied(TaskRecord task) => Done = true;
}
