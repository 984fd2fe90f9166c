namespace Shepherd.Chaos.Harness;

/// <summary>The seeded random schedule of one run. It depends on the seed and the profile only (never on what the run
/// observes), so <c>--seed S</c> replays the same commands and faults at the same moments. Which tasks exist is known
/// from the commands alone (a killed command is re-issued until it completes), so the schedule mostly gives commands
/// that mean something: start on a free name, stop/resume/rm/wait on a live one, and a few probes the other way.
/// Slots 0…Tasks-1 get the commands; the slots after them are the children orchestrating agents start.</summary>
public static class Schedule
{
    private static readonly string[] Agents = ["codex", "claude", "opencode", "pi"];
    private static readonly string[] Detours = ["exit:1", "crash", "apierror", "ratelimit:1", "noid-exit:1", "sleep:1", "print:200", "exit:3"];

    public static List<Step> Make(int seed, Profile profile)
    {
        var rnd = new Random(seed);
        var steps = new List<Step>();
        var exists = new bool[profile.Tasks];
        var checking = new bool[profile.Tasks];
        var children = profile.Tasks;
        Step Start(int at, int slot, int? kill = null, bool orchestrate = false, bool check = false)
        {
            var s = StartStep(rnd, profile, at, slot, ref children, kill, orchestrate, check);
            exists[slot] = true;
            checking[slot] = s.CheckSeconds is not null;
            return s;
        }
        // Every run has an orchestrating task and a task with a --check among its first ones; later starts draw them.
        var orchestrator = rnd.Next(profile.Tasks);
        var checker = (orchestrator + 1 + rnd.Next(profile.Tasks - 1)) % profile.Tasks;
        for (var i = 0; i < profile.Tasks; i++) steps.Add(Start(rnd.Next(0, 1500), i, orchestrate: i == orchestrator, check: i == checker));
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
                < 14 => exists[slot] ? new Step(at, rnd.Next(4) == 0 ? StepKind.Start : StepKind.Resume, slot, kill) : Start(at, slot, kill),
                < 24 => new Step(at, StepKind.Stop, slot, kill),
                < 35 => new Step(at, StepKind.Resume, slot, kill),
                < 41 => new Step(at, StepKind.Remove, slot, kill),
                < 46 => new Step(at, StepKind.Wait, slot, kill),
                < 56 => new Step(at, StepKind.KillAgent, slot),
                < 60 => new Step(at, StepKind.DamageSession, slot, DurationMs: rnd.Next(0, 1000)),
                < 67 => new Step(at, StepKind.KillRunner, slot),
                // stop and resume racing a runner kill a few ms after the command (issue 17, items 2 and 3)
                < 71 => new Step(at, StepKind.Stop, slot) { KillRunnerAfterMs = rnd.Next(0, 60) },
                < 74 => new Step(at, StepKind.Resume, slot) { KillRunnerAfterMs = rnd.Next(0, 60) },
                // the runner of a task with a --check killed while it checks (issue 17, item 7)
                < 77 => Enumerable.Range(0, profile.Tasks).Where(i => exists[i] && checking[i]).ToList() is { Count: > 0 } c
                    ? new Step(at, StepKind.KillRunnerInCheck, c[rnd.Next(c.Count)])
                    : new Step(at, StepKind.KillRunner, slot),
                < 81 => new Step(at, StepKind.KillDaemon, 0, DurationMs: rnd.Next(0, 3000)),
                < 85 => new Step(at, StepKind.KillTmuxServer, 0),
                < 87 => new Step(at, StepKind.Reboot, 0),
                < 91 => new Step(at, StepKind.NotifierFails, 0, DurationMs: rnd.Next(500, 4000)),
                < 95 => new Step(at, StepKind.NotifierHangs, 0, DurationMs: rnd.Next(500, 4000)),
                _ => exists[slot] ? new Step(at, StepKind.Stop, slot, kill) : Start(at, slot, kill),
            };
            if (step.Kind == StepKind.Remove) exists[slot] = false;
            steps.Add(step);
        }
        return steps.OrderBy(s => s.AtMs).ToList();
    }

    /// <summary>The slots a schedule uses: the profile's, and one per child an orchestrating agent starts.</summary>
    public static int Slots(IEnumerable<Step> steps, Profile profile) =>
        Math.Max(profile.Tasks, steps.Select(s => s.Child?.Slot ?? -1).DefaultIfEmpty(-1).Max() + 1);

    /// <summary>A start with its agent and plan: up to two detours (a crash, an API error, a rate limit, an exit within a
    /// millisecond of printing the session id, a usage limit…) before the last step, which repeats for every later
    /// launch: a short piece of work that ends well — or ends at once, or ignores SIGINT and SIGTERM while it works, or
    /// orchestrates (starts a task of its own). Some tasks get a <c>--check</c> that takes a while.</summary>
    private static Step StartStep(Random rnd, Profile profile, int at, int slot, ref int children, int? kill, bool orchestrate, bool check)
    {
        var agent = Agents[rnd.Next(Agents.Length)];
        var plan = Enumerable.Range(0, rnd.Next(0, 3)).Select(_ => Detour(rnd, profile, agent)).ToList();
        ChildTask? child = null;
        var last = orchestrate ? 0 : rnd.Next(100);
        if (last < 10)
        {
            var childAgent = Agents[rnd.Next(Agents.Length)];
            var childPlan = Enumerable.Range(0, rnd.Next(0, 2)).Select(_ => Detour(rnd, profile, childAgent)).Append($"sleep:{rnd.Next(2, 7)}");
            child = new ChildTask(children++, childAgent, string.Join(',', childPlan));
            plan.Add($"run:{rnd.Next(2, 5)}");
        }
        else if (last < 24) plan.Add("instant-ok");
        else if (last < 36) plan.Add($"stubborn:{rnd.Next(2, 5)}");
        else plan.Add($"sleep:{rnd.Next(1, 5)}");
        int? seconds = rnd.Next(100) < 20 || check ? rnd.Next(1, 4) : null;
        return new Step(at, StepKind.Start, slot, kill, agent, string.Join(',', plan)) { CheckSeconds = seconds, Child = child };
    }

    /// <summary>One failing (or short) launch before the plan's last step. Usage limits only where the CLI names its
    /// reset closely enough for a short run: Claude to the second, Codex to the minute (long profile only: up to a
    /// minute's wait).</summary>
    private static string Detour(Random rnd, Profile profile, string agent) => rnd.Next(100) switch
    {
        < 10 => rnd.Next(2) == 0 ? "instant-exit:1" : "instant-exit:1:1000000",
        < 18 when agent == "claude" => $"usage-limit:{rnd.Next(1, 5)}",
        < 18 when agent == "codex" && profile.Name == "long" => $"usage-limit:{rnd.Next(1, 6)}",
        _ => Detours[rnd.Next(Detours.Length)],
    };
}
