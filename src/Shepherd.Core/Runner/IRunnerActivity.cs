using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>What the runner is doing right now — an attempt of the agent, its check, a backoff, a session lookup, a
/// takeover, finishing up. <see cref="RunnerLoop"/> is the one reader of the inbox: it waits until the activity is
/// <see cref="Due"/> or an event arrives, handles every event itself (intents, session ids, output failures) and tells
/// the activity what concerns it. An activity never blocks: slow work runs beside the loop and posts
/// <see cref="RunnerEvent.WorkDone"/>.</summary>
internal interface IRunnerActivity
{
    bool Done { get; }

    /// <summary>An attempt is open: a process of the task runs (the agent or its check), or it has exited and its last
    /// output is still being read, so its end is not recorded yet. Intents are carried out as "agent running" (a stop is
    /// the activity's to carry out, a follow-up waits for the attempt's end); only the recorded end decides.</summary>
    bool AttemptOpen { get; }

    /// <summary>Intents wait in the store until this activity is over (finishing up a final task, a takeover).</summary>
    bool HoldsIntents { get; }

    /// <summary>How long until <see cref="OnTimer"/> should run; null: only an event wakes it.</summary>
    TimeSpan? Due { get; }

    void OnTimer();

    void OnChildExited(int pid, ExitStatus status);

    void OnWorkDone();

    /// <summary>SIGTERM or SIGHUP: the runner itself is being ended.</summary>
    void OnSignal(int signal);

    /// <summary>Intents were carried out; <paramref name="task"/> is the task after them.</summary>
    void OnIntentsApplied(TaskRecord task);

    /// <summary>The agent of attempt <paramref name="attemptId"/> ended a turn.</summary>
    void OnTurnEnded(long attemptId) { }

    /// <summary>Attempt <paramref name="attemptId"/>'s usage was stored: a moment to check the budgets.</summary>
    void OnUsageStored(long attemptId) { }
}
