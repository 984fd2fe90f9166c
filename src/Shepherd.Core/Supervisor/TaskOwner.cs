using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Supervisor;

/// <summary>What the holder of a task's lock does that others may not: take over an attempt whose runner vanished
/// (end what is left of its agent, record it lost) and carry out the intents others wrote. The runner uses it, and so
/// does a command or a recovery that took the lock because no runner held it.</summary>
public sealed class TaskOwner(ShepherdHome home, TaskStore store, TimeProvider clock)
{
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>An attempt without an end belongs to a runner that is gone (we hold the lock): end what is left of
    /// its agent — by its recorded group and by its marker, never by a pid alone — then record it as lost.</summary>
    public string? TakeOverLostAttempt(TaskRecord task)
    {
        var last = store.LastAttempt(task.Id);
        if (last is null || last.EndedAt is not null) return null;
        var ended = AgentGroup.EndLeftovers(home, last, KillGrace, clock);
        var why = last.BootId != BootId.Current() ? "machine rebooted" : "runner lost";
        store.EndLostAttempt(last.Id, why);
        return ended > 0
            ? $"attempt {last.Number} {why}: ended {ended} process(es) left of its agent"
            : $"attempt {last.Number} {why}";
    }

    /// <summary>Carries out the pending intents, oldest first. With <paramref name="agentRunning"/>, a stop is only
    /// accepted (the caller ends the agent) and a resume is queued for after the current turn.</summary>
    public List<(Intent Intent, string Result)> ApplyIntents(long taskId, bool agentRunning)
    {
        var done = new List<(Intent, string)>();
        foreach (var intent in store.PendingIntents(taskId))
        {
            var wasFinal = store.GetTask(taskId)?.IsFinal ?? false;
            var result = intent.Kind == IntentKind.Resume ? store.ApplyResume(intent, agentRunning) : store.ApplyStop(intent, agentRunning);
            if (intent.Kind == IntentKind.Resume && wasFinal && store.GetTask(taskId) is { IsFinal: false } reopened)
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
