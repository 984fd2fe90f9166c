using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Supervisor;

/// <summary>What the holder of a task's lock does that others may not: take over an attempt whose runner vanished
/// (end what is left of its agent or its check, record it lost — or stopped, when a stop had been accepted) and carry
/// out the intents others wrote. The runner uses it, and so does a command or a recovery that took the lock because no
/// runner held it.</summary>
public sealed class TaskOwner(ShepherdHome home, TaskStore store, TimeProvider clock)
{
    private static readonly int[] LeftoverSignals = [Signals.SIGTERM, Signals.SIGKILL];

    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>A lost runner's leftovers being ended: <see cref="Ladder"/> is climbed by the caller (the runner's
    /// loop, or <see cref="TakeOverLostAttempt"/>), then <see cref="FinishTakeOver"/> records it.</summary>
    public sealed record Takeover(TaskRecord Task, AttemptRecord Attempt, Leftovers? Processes, SignalLadder? Ladder)
    {
        public bool Settled => Processes is null || Ladder!.Exhausted || !Processes.Alive;
    }

    /// <summary>What a runner that is gone (we hold the lock) left: an attempt without an end, or a check still
    /// running (the task is <c>checking</c>: the check carries the attempt's marker). Its processes — found by the
    /// recorded group and by the marker, never by a pid alone — are sent SIGTERM now. Null when there is nothing to
    /// take over.</summary>
    public Takeover? BeginTakeOver(TaskRecord task)
    {
        var last = store.LastAttempt(task.Id);
        if (last is null || (last.EndedAt is not null && task.State != TaskState.Checking)) return null;
        var leftovers = AgentGroup.FindLeftovers(home, last);
        if (leftovers is null) return last.EndedAt is null ? new Takeover(task, last, null, null) : null;
        var ladder = new SignalLadder(leftovers, clock);
        ladder.Begin(LeftoverSignals, KillGrace);
        return new Takeover(task, last, leftovers, ladder);
    }

    /// <summary>Records the takeover in one transaction: the attempt lost, or — when a stop or removal had been
    /// accepted — the task stopped (with its notification). Returns what happened, for the pane or recover.</summary>
    public string FinishTakeOver(Takeover t)
    {
        var why = t.Attempt.BootId != BootId.Current() ? "machine rebooted" : "runner lost";
        var what = t.Attempt.EndedAt is null ? $"attempt {t.Attempt.Number} {why}" : $"the check after attempt {t.Attempt.Number}: {why}";
        store.EndLostAttempt(t.Task.Id, t.Attempt.Id, why);
        var ended = t.Processes?.Count ?? 0;
        var stopped = store.GetTask(t.Task.Id) is { State: TaskState.Stopped } now && !t.Task.IsFinal ? $"; {now.Reason}" : "";
        return ended > 0 ? $"{what}: ended {ended} process(es) left of it{stopped}" : what + stopped;
    }

    /// <summary>The whole takeover on this thread (commands and recovery; the runner drives the ladder from its loop).</summary>
    public string? TakeOverLostAttempt(TaskRecord task)
    {
        if (BeginTakeOver(task) is not { } t) return null;
        t.Ladder?.RunToEnd(LeftoverSignals, KillGrace);
        return FinishTakeOver(t);
    }

    /// <summary>Carries out the pending intents, oldest first. With <paramref name="agentRunning"/>, a stop is only
    /// accepted (the caller ends the agent) and a resume is queued for after the current turn — unless a stop is being
    /// carried out: the resume then waits, pending, and reopens the task once it is stopped. With nothing running, an
    /// accepted stop is finished at once.</summary>
    public List<(Intent Intent, string Result)> ApplyIntents(long taskId, bool agentRunning)
    {
        var done = new List<(Intent, string)>();
        foreach (var intent in store.PendingIntents(taskId))
        {
            var before = store.GetTask(taskId);
            if (before is null) break;
            if (intent.Kind == IntentKind.Resume && agentRunning && before.StopRequested) break;
            var result = intent.Kind == IntentKind.Resume ? store.ApplyResume(intent, agentRunning) : store.ApplyStop(intent, agentRunning);
            if (intent.Kind == IntentKind.Resume && before.IsFinal && store.GetTask(taskId) is { IsFinal: false } reopened)
                TryDelete(home.DoneFile(reopened.Name));
            done.Add((intent, result));
        }
        return done;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
    }
}
