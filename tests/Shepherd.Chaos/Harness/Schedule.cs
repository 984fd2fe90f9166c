namespace Shepherd.Chaos.Harness;

/// <summary>The seeded random schedule of one run. It depends on the seed and the profile only (never on what the run
/// observes), so <c>--seed S</c> replays the same commands and faults at the same moments. Which tasks exist is known
/// from the commands alone (a killed command is re-issued until it completes), so the schedule mostly gives commands
/// that mean something: start on a free name, stop/resume/rm/wait on a live one, and a few probes the other way.</summary>
public static class Schedule
{
    private static readonly string[] Agents = ["codex", "claude", "opencode", "pi"];
    private static readonly string[] Detours = ["exit:1", "crash", "apierror", "ratelimit:1", "noid-exit:1", "sleep:1", "print:200", "exit:3"];

    public static List<Step> Make(int seed, Profile profile)
    {
        var rnd = new Random(seed);
        var steps = new List<Step>();
        var exists = new bool[profile.Tasks];
        for (var i = 0; i < profile.Tasks; i++)
        {
            steps.Add(StartStep(rnd, rnd.Next(0, 1500), i));
            exists[i] = true;
        }
        var at = 1500;
        var end = profile.Seconds * 1000;
        while (true)
        {
            at += rnd.Next(profile.MeanGapMs / 4, profile.MeanGapMs * 7 / 4);
            if (at >= end) break;
            var slot = rnd.Next(profile.Tasks);
            var kill = rnd.NextDouble() < 0.12 ? rnd.Next(0, 400) : (int?)null;
            var roll = rnd.Next(100);
            Step step = roll switch
            {
                < 14 => exists[slot] ? new Step(at, rnd.Next(4) == 0 ? StepKind.Start : StepKind.Resume, slot, kill) : StartStep(rnd, at, slot, kill),
                < 26 => new Step(at, StepKind.Stop, slot, kill),
                < 38 => new Step(at, StepKind.Resume, slot, kill),
                < 44 => new Step(at, StepKind.Remove, slot, kill),
                < 50 => new Step(at, StepKind.Wait, slot, kill),
                < 66 => new Step(at, StepKind.KillAgent, slot),
                < 74 => new Step(at, StepKind.KillRunner, slot),
                < 79 => new Step(at, StepKind.KillDaemon, 0, DurationMs: rnd.Next(0, 3000)),
                < 83 => new Step(at, StepKind.KillTmuxServer, 0),
                < 85 => new Step(at, StepKind.Reboot, 0),
                < 90 => new Step(at, StepKind.NotifierFails, 0, DurationMs: rnd.Next(500, 4000)),
                < 95 => new Step(at, StepKind.NotifierHangs, 0, DurationMs: rnd.Next(500, 4000)),
                _ => exists[slot] ? new Step(at, StepKind.Stop, slot, kill) : StartStep(rnd, at, slot, kill),
            };
            if (step.Kind == StepKind.Start && step.Agent is not null) exists[slot] = true;
            if (step.Kind == StepKind.Remove) exists[slot] = false;
            steps.Add(step);
        }
        return steps.OrderBy(s => s.AtMs).ToList();
    }

    /// <summary>A start with its agent and plan: up to two detours (a crash, an API error, a rate limit…) before the
    /// last step, a short piece of work that ends well and repeats for every later launch.</summary>
    private static Step StartStep(Random rnd, int at, int slot, int? kill = null)
    {
        var agent = Agents[rnd.Next(Agents.Length)];
        var plan = Enumerable.Range(0, rnd.Next(0, 3)).Select(_ => Detours[rnd.Next(Detours.Length)])
            .Append($"sleep:{rnd.Next(1, 5)}").ToList();
        return new Step(at, StepKind.Start, slot, kill, agent, string.Join(',', plan));
    }
}
