namespace Shepherd.Chaos.Harness;

/// <summary>The end of a run or a scenario, after its last command and fault: the world must settle by itself, then
/// every invariant is judged from outside — final states, attempts, follow-ups, launches (the fake agent's journal
/// against the database), notifications, and what is left once the daemon and tmux are gone.</summary>
public static class Verdict
{
    /// <returns>How many notifications were repeated (allowed: a sender killed between "sent" and "marked").</returns>
    public static async Task<int> JudgeAsync(World world, Tally tally, Slot[] slots, StateMonitor monitor, TimeSpan settleLimit)
    {
        var unsettled = await Settling.WaitAsync(world, slots, settleLimit);
        if (unsettled is not null) tally.Add(Breach.Lost, $"the world did not settle within {settleLimit.TotalSeconds:0}s: {unsettled}");
        await monitor.StopAsync();
        foreach (var child in slots.Select(s => s.Current).OfType<Incarnation>().Where(l => l.Parent is not null)) StateMonitor.Resolve(world, child);

        var checks = new RunChecks(world, tally);
        await checks.FinalStatesAsync(slots);
        checks.Journals(slots);
        checks.Launches(slots);
        var notifications = new NotificationCheck(world, tally);
        notifications.Run(slots);
        await Teardown.CheckAsync(world, tally, slots);
        foreach (var e in world.Daemon.UnexpectedExits) tally.Add(Breach.Other, e);
        return notifications.Repeats;
    }
}
