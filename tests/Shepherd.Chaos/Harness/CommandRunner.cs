using System.Text.Json;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Harness;

/// <summary>Carries out one user command of the schedule on one slot, updates what the task's commands imply, and
/// checks what the command itself must guarantee (rm leaves nothing behind, wait's exit agrees with the state). A
/// command the schedule kills in the middle is a fault: it is issued again, whole, as a user would after seeing it die.</summary>
public sealed class CommandRunner(World world, Tally tally, RunOptions options, Slot[]? slots = null)
{
    public async Task RunAsync(Slot slot, Step step)
    {
        switch (step.Kind)
        {
            case StepKind.Start: await StartAsync(slot, step); break;
            case StepKind.Stop: await StopAsync(slot, step); break;
            case StepKind.Resume: await ResumeAsync(slot, step); break;
            case StepKind.Remove: await RemoveAsync(slot, step); break;
            case StepKind.Wait: await WaitAsync(slot, step); break;
        }
    }

    /// <summary>Runs the command; when the schedule kills it, counts the fault and runs it again unkilled.</summary>
    private async Task<CliResult> Issue(Step step, Incarnation? life, Func<int, string[]> args, IReadOnlyDictionary<string, string?>? env = null)
    {
        var killAfter = step.KillCliAfterMs;
        var runnerKill = Task.CompletedTask;
        try
        {
            for (var round = 0; ; round++)
            {
                var l = await world.LaunchAsync(args(round), env);
                if (killAfter is { } ms)
                {
                    _ = Task.Delay(ms).ContinueWith(_ => l.Kill());
                    killAfter = null;
                }
                if (round == 0 && step.KillRunnerAfterMs is { } after && life is not null) runnerKill = KillRunnerLater(life, after);
                var r = await world.WaitAsync(l, options.CommandLimit);
                if (r.TimedOut) tally.Add(Breach.Other, $"{string.Join(' ', args(round).Take(2))} did not finish in {options.CommandLimit.TotalSeconds:0}s");
                if (life is not null) life.LastResult = r;
                if (!r.Killed || round >= 6) return r;
                life?.Note($"  killed mid-command ({string.Join(' ', args(round).Take(2))}); issuing it again");
                if (step.KillCliAfterMs is not null && round == 0) tally.Fault();
            }
        }
        finally { await runnerKill; }
    }

    /// <summary>SIGKILL to the task's runner <paramref name="ms"/> ms after its command was issued: the command's intent
    /// races the runner's death (a fault when it found a runner).</summary>
    private async Task KillRunnerLater(Incarnation life, int ms)
    {
        await Task.Delay(ms);
        if (FaultInjector.KillRunners(world, life, $"{ms}ms into the command") > 0) tally.Fault();
    }

    private async Task StartAsync(Slot slot, Step step)
    {
        if (slot.Current is { } existing)
        {
            existing.Begin("start (the name is taken)");
            var probe = await world.ShepherdPastReboots(StartArgs(slot, existing, step.Agent ?? existing.Agent));
            if (probe.ExitCode != 2 || !probe.Stderr.Contains("already exists"))
                tally.Add(Breach.Duplicated, $"{slot.Name}: a second start of a live task did not get 'already exists' and exit 2: {probe.OneLine}");
            CheckOneLineError(slot.Name, "start", probe);
            var (_, _, expect, final) = existing.Snapshot();
            existing.End(probe.OneLine, expect, final);
            return;
        }
        // A probe start (no agent drawn) meets a free name only when an earlier command of this name failed: a plain start.
        var life = new Incarnation(slot.Index, slot.Lives.Count, step.Agent ?? "codex", step.Plan ?? "sleep:1",
            Path.Combine(world.Dir, "fake", $"{slot.Name}-g{slot.Lives.Count}"))
            { CheckSeconds = step.CheckSeconds, MaxRestarts = step.MaxRestarts, Env = step.Env };
        slot.Lives.Add(life);
        slot.Current = life;
        tally.Task();
        life.Begin($"start {life.Agent} plan {life.Plan}{(life.CheckSeconds is { } c ? $" --check of {c}s" : "")}");
        var env = new Dictionary<string, string?> { ["FAKE_AGENT_PLAN"] = life.Plan, ["FAKE_AGENT_STATE"] = life.FakeState };
        foreach (var (k, v) in life.Env ?? new Dictionary<string, string?>()) env[k] = v;
        if (step.Child is { } child && slots is not null && slots[child.Slot].Current is null)
            env["FAKE_AGENT_RUN"] = ChildStart(slots[child.Slot], child, life);
        var r = await Issue(step, life, round => StartArgs(slot, life, life.Agent), env);
        var taken = r.ExitCode == 2 && r.Stderr.Contains("already exists");
        if (r.Ok || taken && life.Log.Any(l => l.Contains("killed mid-command")))
        {
            life.Created = true;
            life.TaskId = world.TaskId(slot.Name);
            life.End(r.Ok ? "started" : "started by the killed command", Expect.Succeeds);
            return;
        }
        tally.Add(Breach.Lost, $"{slot.Name}: start of a free name failed: {r.OneLine}");
        life.End(r.OneLine, Expect.Gone);
        slot.Current = null;
    }

    private string[] StartArgs(Slot slot, Incarnation life, string agent)
    {
        var project = Directory.CreateDirectory(Path.Combine(world.Projects, slot.Name)).FullName;
        string[] check = life.CheckSeconds is { } s ? ["--check", CheckCommand(life, s)] : [];
        return ["start", slot.Name, "--agent", agent, "--dir", project, "--prompt", $"task {slot.Name} generation {life.Generation}",
            "--notify", world.Notifications.Spec, "--backoff", "200ms", "--backoff-max", "2s", "--max-restarts", life.MaxRestarts.ToString(),
            // Session files are deleted and cut at random (DamageSession): one deleted before its first snapshot hands off.
            "--max-handoffs", "100", .. check, "--json"];
    }

    /// <summary>A check that takes <paramref name="seconds"/> and passes. Each run holds a flock on the task's check.lock
    /// while it lives (the kernel drops it however the run dies), notes its pid in <see cref="Incarnation.ChecksFile"/>,
    /// and, when another run holds the lock, in <see cref="Incarnation.CheckOverlapsFile"/>: two checks at once.</summary>
    public static string CheckCommand(Incarnation life, int seconds)
    {
        Directory.CreateDirectory(life.FakeState);
        return $"exec 9>>{Quote(Path.Combine(life.FakeState, "check.lock"))}; flock -n 9 || echo $$ >> {Quote(life.CheckOverlapsFile)}; " +
               $"echo $$ >> {Quote(life.ChecksFile)}; exec sleep {seconds}";
    }

    /// <summary>The child's incarnation, registered in its own slot, and the command its orchestrating parent's agent runs
    /// to start it (FAKE_AGENT_RUN): <c>shepherd start</c> with the child's plan and journal, as an agent would run it
    /// through the skill — whatever the parent's attempt put in its environment is passed on as it is.</summary>
    private string ChildStart(Slot slot, ChildTask child, Incarnation parent)
    {
        var life = new Incarnation(slot.Index, slot.Lives.Count, child.Agent, child.Plan,
            Path.Combine(world.Dir, "fake", $"{slot.Name}-g{slot.Lives.Count}")) { Parent = parent };
        slot.Lives.Add(life);
        slot.Current = life;
        tally.Task();
        life.Note($"to be started by the agent of {parent.Name} g{parent.Generation} ({child.Agent} plan {child.Plan})");
        parent.Note($"orchestrates: its agent starts {life.Name}");
        return (child.AutoDaemon ? "unset SHEPHERD_NO_AUTO_DAEMON; " : "") + $"FAKE_AGENT_PLAN={Quote(life.Plan)} FAKE_AGENT_STATE={Quote(life.FakeState)} exec " +
               string.Join(' ', new[] { Paths.Shepherd }.Concat(StartArgs(slot, life, life.Agent)).Select(Quote));
    }

    public static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    private async Task StopAsync(Slot slot, Step step)
    {
        if (slot.Current is not { } life)
        {
            await ProbeMissing(slot, "stop");
            return;
        }
        life.Begin("stop" + (step.KillRunnerAfterMs is { } k ? $" (its runner killed {k}ms in)" : ""));
        var r = await Issue(step, life, _ => ["stop", slot.Name, "--json"]);
        if (r.Ok && StateOf(r.Stdout) is { } state)
        {
            if (state is "stopped" or "succeeded" or "failed") life.End($"{state}", Expect.StaysFinal, state);
            else
            {
                tally.Add(Breach.Other, $"{slot.Name}: stop returned 0 with the task still {state}");
                life.End(state, Expect.StopsSoon);
            }
            return;
        }
        if (r.ExitCode == 1 && r.Stderr.Contains("has not finished the stop yet"))
        {
            life.End(r.OneLine, Expect.StopsSoon);
            return;
        }
        tally.Add(Breach.Other, $"{slot.Name}: stop failed: {r.OneLine}");
        CheckOneLineError(slot.Name, "stop", r);
        life.End(r.OneLine, Expect.StopsSoon);
    }

    private async Task ResumeAsync(Slot slot, Step step)
    {
        if (slot.Current is not { } life)
        {
            await ProbeMissing(slot, "resume");
            return;
        }
        life.Begin("resume --prompt" + (step.KillRunnerAfterMs is { } k ? $" (its runner killed {k}ms in)" : ""));
        life.ResumeTimes.Add(DateTime.UtcNow);
        string prompt = "";
        var r = await Issue(step, life, round =>
        {
            life.ResumesIssued++;
            prompt = $"follow-up {slot.Name} g{life.Generation} #{Interlocked.Increment(ref slot.FollowUps)}";
            return ["resume", slot.Name, "--prompt", prompt, "--json"];
        });
        if (r.Ok)
        {
            life.PendingFollowUp = prompt;
            life.End($"resumed ({StateOf(r.Stdout)})", Expect.Succeeds);
            return;
        }
        tally.Add(Breach.Other, $"{slot.Name}: resume --prompt failed: {r.OneLine}");
        CheckOneLineError(slot.Name, "resume", r);
        life.PendingFollowUp = null;
        life.End(r.OneLine, Expect.Succeeds);
    }

    private async Task RemoveAsync(Slot slot, Step step)
    {
        if (slot.Current is not { } life)
        {
            await ProbeMissing(slot, "rm");
            return;
        }
        life.Begin("rm");
        var r = await Issue(step, life, _ => ["rm", slot.Name]);
        for (var retry = 0; r.ExitCode == 1 && r.Stderr.Contains("try again") && retry < 4; retry++)
            r = await world.ShepherdPastReboots("rm", slot.Name);
        var goneAlready = r.ExitCode == 2 && r.Stderr.Contains("no task named") && life.Log.Any(l => l.Contains("killed mid-command"));
        if (!r.Ok && !goneAlready) tally.Add(Breach.Lost, $"{slot.Name}: rm failed: {r.OneLine}");
        await new RemovalCheck(world, tally).VerifyAsync(life, life.Log.Any(l => l.Contains("killed mid-command (rm")));
        life.PendingFollowUp = null;
        life.End(r.OneLine, Expect.Gone);
        slot.Current = null;
    }

    private async Task WaitAsync(Slot slot, Step step)
    {
        if (slot.Current is not { } life)
        {
            await ProbeMissing(slot, "wait");
            return;
        }
        var r = await Issue(step, null, _ => ["wait", slot.Name, "--timeout", "2s", "--json"]);
        var state = r.ExitCode is 0 or 1 ? StateOf(r.Stdout) : null;
        if (r.ExitCode == 0 && state != "succeeded")
            tally.Add(Breach.Other, $"{slot.Name}: wait exited 0 for a task that is {state ?? "?"}");
        if (r.ExitCode == 1 && state == "succeeded")
            tally.Add(Breach.Other, $"{slot.Name}: wait exited 1 for a task that succeeded");
        if (r.ExitCode is not (0 or 1)) tally.Add(Breach.Other, $"{slot.Name}: wait failed: {r.OneLine}");
        life.Note($"wait -> {r.ExitCode} {state}");
    }

    /// <summary>A command on a name with no task: one line, exit 2, nothing created.</summary>
    private async Task ProbeMissing(Slot slot, string verb)
    {
        string[] args = verb switch
        {
            "resume" => ["resume", slot.Name, "--prompt", "nobody is here"],
            "wait" => ["wait", slot.Name, "--timeout", "1s"],
            _ => [verb, slot.Name],
        };
        var r = await world.ShepherdPastReboots(args);
        if (r.ExitCode != 2 || !r.Stderr.Contains("no task named"))
            tally.Add(Breach.Other, $"{slot.Name}: {verb} of a removed task did not say 'no task named' with exit 2: {r.OneLine}");
        CheckOneLineError(slot.Name, verb, r);
        if (Directory.Exists(world.TaskDir(slot.Name)))
            tally.Add(Breach.Escaped, $"{slot.Name}: {verb} of a removed task left {world.TaskDir(slot.Name)}");
    }

    private void CheckOneLineError(string name, string verb, CliResult r)
    {
        if (r.Stderr.Contains("   at ") || r.Stderr.Contains("internal error"))
            tally.Add(Breach.Other, $"{name}: {verb} printed a stack trace or an internal error: {r.OneLine}");
    }

    public static string? StateOf(string json)
    {
        try { return JsonDocument.Parse(json).RootElement.GetProperty("state").GetString(); }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { return null; }
    }
}
