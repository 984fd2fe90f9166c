using System.Diagnostics;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Harness;

/// <summary>One seeded run: N tasks on the fake agent with the daemon up for T seconds under the schedule's commands
/// and faults; then the world must settle by itself, and the invariants are judged from outside (the fake agent's
/// journal, the receiver's log, <c>status --json</c>, the database file). A failing run keeps its directory and prints
/// its seed: <c>Shepherd.Chaos run --seed S</c> replays the same schedule.</summary>
public sealed class ChaosRun(int seed, Profile profile, TextWriter output)
{
    public async Task<Tally> RunAsync()
    {
        var tally = new Tally($"random schedule ({profile.Name})") { Runs = 1 };
        tally.Seeds.Add(seed);
        var schedule = Schedule.Make(seed, profile);
        var clock = Stopwatch.StartNew();
        await using var world = new World($"s{seed}");
        await File.WriteAllLinesAsync(Path.Combine(world.Dir, "schedule.txt"), schedule.Select(s => s.ToString()));
        var slots = Enumerable.Range(0, Schedule.Slots(schedule, profile)).Select(i => new Slot(i)).ToArray();
        var commands = new CommandRunner(world, tally, new RunOptions(), slots);
        var faults = new FaultInjector(world, tally, slots);
        var monitor = new StateMonitor(world, tally, slots);
        output.WriteLine($"seed {seed} ({profile.Name}): {schedule.Count} steps, {profile.Tasks} tasks, {profile.Seconds}s; world {world.Dir}");

        world.Daemon.Start();
        monitor.Start();
        var workers = slots.Select(s => Worker(s, commands, tally)).ToList();
        foreach (var step in schedule)
        {
            var wait = step.AtMs - (int)clock.ElapsedMilliseconds;
            if (wait > 0) await Task.Delay(wait);
            if (step.IsCommand) await slots[step.Slot].Queue.Writer.WriteAsync(step);
            else
            {
                try { await faults.RunAsync(step); }
                catch (Exception e) { tally.Add(Breach.Other, $"the harness failed on '{step}': {e.GetType().Name}: {e.Message}"); }
            }
        }
        foreach (var s in slots) s.Queue.Writer.Complete();
        await Task.WhenAll(workers);
        await faults.SettleAsync();
        var chaosTook = clock.Elapsed;

        var repeats = await Verdict.JudgeAsync(world, tally, slots, monitor, profile.SettleLimit);

        int damaged;
        int missed;
        lock (faults.Log)
        {
            damaged = faults.Log.Count(l => l.Contains(nameof(StepKind.DamageSession), StringComparison.Ordinal));
            missed = faults.Log.Count(l => l.Contains("to damage yet", StringComparison.Ordinal));
        }
        output.WriteLine($"seed {seed}: {tally.Faults} faults ({damaged} session files deleted or cut, {missed} drawn before one existed), {tally.Tasks} tasks, {monitor.Observations} observations, " +
                         $"{repeats} repeated notification(s); chaos {chaosTook.TotalSeconds:0}s, total {clock.Elapsed.TotalSeconds:0}s");
        if (!tally.CleanButKnown)
        {
            world.Keep = true;
            await File.WriteAllLinesAsync(Path.Combine(world.Dir, "report.txt"), Report(tally, slots, faults));
            output.WriteLine($"FAILED seed {seed} — replay with: Shepherd.Chaos run --seed {seed} --profile {profile.Name}; kept {world.Dir} (report.txt)");
        }
        else if (!tally.Clean) output.WriteLine($"seed {seed}: only breaches of bugs already reported");
        if (!tally.Clean) output.WriteLine(tally.Describe());
        return tally;
    }

    private static async Task Worker(Slot slot, CommandRunner commands, Tally tally)
    {
        await foreach (var step in slot.Queue.Reader.ReadAllAsync())
        {
            try { await commands.RunAsync(slot, step); }
            catch (Exception e) { tally.Add(Breach.Other, $"{slot.Name}: the harness failed on '{step}': {e.GetType().Name}: {e.Message}"); }
        }
    }

    private static IEnumerable<string> Report(Tally tally, Slot[] slots, FaultInjector faults)
    {
        yield return tally.Describe();
        yield return "";
        yield return "faults:";
        foreach (var f in faults.Log) yield return "  " + f;
        foreach (var life in slots.SelectMany(s => s.Lives))
        {
            yield return "";
            yield return $"{life.Name} g{life.Generation} ({life.Agent}, plan {life.Plan}{(life.CheckSeconds is { } c ? $", check {c}s" : "")}" +
                         $"{(life.Parent is { } p ? $", started by the agent of {p.Name} g{p.Generation}" : "")}, task id {life.TaskId}, expect {life.Expect} {life.FinalState}):";
            foreach (var l in life.Log) yield return "  " + l;
        }
    }
}
