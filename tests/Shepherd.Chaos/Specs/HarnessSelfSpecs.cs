using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;
using Shouldly;

namespace Shepherd.Chaos.Specs;

/// <summary>The harness's own judgement, on made-up evidence: a check that cannot fail proves nothing.</summary>
public sealed class HarnessSelfSpecs
{
    [Fact(Timeout = 30_000)]
    public void The_same_seed_gives_the_same_schedule_and_another_seed_another()
    {
        var a = Schedule.Make(42, Profile.Fast).Select(s => s.ToString()).ToList();
        a.ShouldBe(Schedule.Make(42, Profile.Fast).Select(s => s.ToString()).ToList());
        a.ShouldNotBe(Schedule.Make(43, Profile.Fast).Select(s => s.ToString()).ToList());
        var kinds = Schedule.Make(42, Profile.Fast).Select(s => s.Kind).ToHashSet();
        kinds.ShouldContain(StepKind.Reboot);
        kinds.ShouldContain(StepKind.KillAgent);
        kinds.ShouldContain(StepKind.DamageSession);
        Schedule.Make(42, Profile.Fast).ShouldContain(s => s.KillCliAfterMs != null);
    }

    [Fact(Timeout = 30_000)]
    public void Every_schedule_has_an_orchestrating_task_and_a_check_and_the_seeds_draw_issue_17s_steps()
    {
        foreach (var seed in new[] { 20260101, 1, 2, 3 })
        {
            var steps = Schedule.Make(seed, Profile.Fast);
            steps.ShouldContain(s => s.Child != null && s.Plan!.Contains("run:"));
            steps.ShouldContain(s => s.CheckSeconds != null);
            Schedule.Slots(steps, Profile.Fast).ShouldBeGreaterThan(Profile.Fast.Tasks);
        }
        var many = Enumerable.Range(1, 20).SelectMany(seed => Schedule.Make(seed, Profile.Fast)).ToList();
        many.ShouldContain(s => s.Kind == StepKind.KillRunnerInCheck);
        many.ShouldContain(s => s.Kind == StepKind.Stop && s.KillRunnerAfterMs != null);
        many.ShouldContain(s => s.Kind == StepKind.Resume && s.KillRunnerAfterMs != null);
        many.ShouldContain(s => s.Plan != null && s.Plan.Contains("instant-exit:1"));
        many.ShouldContain(s => s.Plan != null && s.Plan.Contains("instant-ok"));
        many.ShouldContain(s => s.Agent == "claude" && s.Plan!.Contains("usage-limit:"));
        many.ShouldNotContain(s => s.Agent == "codex" && s.Plan!.Contains("usage-limit:"), "Codex names its reset to the minute: long profile only");
        many.ShouldContain(s => s.Plan != null && s.Plan.Contains("stubborn:"));
    }

    /// <summary>A real task (one attempt) in a world without a daemon, and a made-up journal whose launches name its
    /// attempt; the attempt's row is rewritten to each case.</summary>
    private static async Task<(World W, Slot Slot, Incarnation Life, long Attempt)> OneAttemptAsync(string label)
    {
        var w = new World(label);
        await w.StartAsync("c0", "ok", "codex");
        (await w.WaitFinalAsync("c0", TimeSpan.FromSeconds(60))).State().ShouldBe("succeeded");
        var slot = new Slot(0);
        var life = new Incarnation(0, 0, "codex", "made-up", Path.Combine(w.Dir, "fake", "made-up")) { TaskId = w.TaskId("c0"), Created = true };
        slot.Lives.Add(life);
        slot.Current = life;
        using var c = w.OpenDatabase();
        var attempt = RunChecks.Attempts(c, life.TaskId!.Value).Keys.Single();
        return (w, slot, life, attempt);
    }

    private static void Journal(Incarnation life, string home, long attempt, params (int N, bool Resume, string Session, string Step, long AtUs, string? Opened, bool Ended)[] launches)
    {
        Directory.CreateDirectory(life.FakeState);
        File.WriteAllLines(Path.Combine(life.FakeState, "calls.jsonl"), launches.Select(l =>
            $$"""{"n":{{l.N}},"flavor":"codex","resume":{{(l.Resume ? "true" : "false")}},"session":"{{l.Session}}","step":"{{l.Step}}","pid":{{100 + l.N}},"atUs":{{l.AtUs}},"cwd":"x","attempt":"{{home}}#{{(l.N == 1 ? attempt : attempt + 100)}}","argv":[]}"""));
        File.WriteAllLines(Path.Combine(life.FakeState, "lifecycle.jsonl"), launches.SelectMany(l => new[]
        {
            l.Opened is { } o ? $$"""{"n":{{l.N}},"event":"open","pid":{{100 + l.N}},"session":"{{o}}","atUs":{{l.AtUs}}}""" : null,
            l.Ended ? $$"""{"n":{{l.N}},"event":"end","pid":{{100 + l.N}},"session":"","exit":1,"atUs":{{l.AtUs}}}""" : null,
        }).OfType<string>());
    }

    private static void SetAttempt(World w, long attempt, string outcome, int? exit, int? signal, string detail)
    {
        using var c = w.OpenDatabase(readOnly: false);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE attempts SET outcome = $o, exit_code = $e, signal = $s, detail = $d WHERE id = $id";
        cmd.Parameters.AddWithValue("$o", outcome);
        cmd.Parameters.AddWithValue("$e", (object?)exit ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$s", (object?)signal ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$d", detail);
        cmd.Parameters.AddWithValue("$id", attempt);
        cmd.ExecuteNonQuery();
    }

    [Fact(Timeout = 90_000)]
    public async Task A_new_conversation_after_a_launch_that_showed_its_id_is_lost_and_a_resume_of_it_is_not()
    {
        var (w, slot, life, attempt) = await OneAttemptAsync("self-resume");
        await using var _ = w;
        SetAttempt(w, attempt, "retryable", 1, null, "exit 1");
        Journal(life, w.Home, attempt, (1, false, "", "instant-exit:1", 1_000_000, "mine", true), (2, false, "", "ok", 2_000_000, "other", true));
        var t = new Tally("self");
        new RunChecks(w, t).Launches([slot]);
        t.Breaches.ShouldHaveSingleItem().What.ShouldContain("started a new conversation");
        Journal(life, w.Home, attempt, (1, false, "", "instant-exit:1", 1_000_000, "mine", true), (2, true, "mine", "ok", 2_000_000, "mine", true));
        var clean = new Tally("self");
        new RunChecks(w, clean).Launches([slot]);
        clean.Clean.ShouldBeTrue(clean.Describe());
        SetAttempt(w, attempt, "lost", null, null, "runner gone"); // concluded by a takeover: nobody read the id
        Journal(life, w.Home, attempt, (1, false, "", "instant-exit:1", 1_000_000, "mine", true), (2, false, "", "ok", 2_000_000, "other", true));
        new RunChecks(w, clean).Launches([slot]);
        clean.Clean.ShouldBeTrue(clean.Describe());
    }

    [Fact(Timeout = 90_000)]
    public async Task A_launch_before_the_usage_limit_reset_and_a_limit_concluded_retryable_are_counted()
    {
        var (w, slot, life, attempt) = await OneAttemptAsync("self-usage");
        await using var _ = w;
        SetAttempt(w, attempt, "usage-limited", 1, null, "usage limit");
        Journal(life, w.Home, attempt, (1, false, "", "usage-limit:10", 1_000_000, "mine", true), (2, true, "mine", "ok", 3_000_000, "mine", true));
        var t = new Tally("self");
        new RunChecks(w, t).Launches([slot]);
        t.Breaches.ShouldHaveSingleItem().What.ShouldContain("hit a usage limit that resets 10s after it began");

        life.ResumeTimes.Add(DateTime.UnixEpoch.AddTicks(2_000_000 * 10)); // a resume given in between may end the wait
        var clean = new Tally("self");
        new RunChecks(w, clean).Launches([slot]);
        clean.Clean.ShouldBeTrue(clean.Describe());

        SetAttempt(w, attempt, "retryable", 1, null, "exit 1: You've hit your session limit");
        var spent = new Tally("self");
        new RunChecks(w, spent).Launches([slot]);
        spent.Breaches.ShouldHaveSingleItem().What.ShouldContain("spends the restart budget");
    }

    [Fact(Timeout = 90_000)]
    public async Task A_child_whose_attempt_was_ended_by_sigterm_was_ended_by_its_parents_takeover()
    {
        var (w, slot, life, attempt) = await OneAttemptAsync("self-child");
        await using var _ = w;
        var child = new Incarnation(0, 1, "codex", "sleep:5", life.FakeState) { TaskId = life.TaskId, Created = true, Parent = new Incarnation(1, 0, "claude", "run:3", "x") };
        slot.Current = child;
        SetAttempt(w, attempt, "retryable", null, 15, "killed by SIGTERM (runner got SIGTERM)");
        var t = new Tally("self");
        new RunChecks(w, t).Launches([slot]);
        t.Count(Breach.Lost).ShouldBe(1);
        SetAttempt(w, attempt, "retryable", null, 1, "killed by SIGHUP (runner got SIGHUP)"); // tmux kill-server: not the parent's doing
        var clean = new Tally("self");
        new RunChecks(w, clean).Launches([slot]);
        clean.Clean.ShouldBeTrue(clean.Describe());
    }

    [Fact(Timeout = 60_000)]
    public async Task Two_runs_of_a_check_at_once_are_two_agents()
    {
        await using var w = new World("self-check");
        var slot = new Slot(0);
        var life = new Incarnation(0, 0, "codex", "ok", Path.Combine(w.Dir, "fake", "c0-g0")) { CheckSeconds = 1 };
        slot.Lives.Add(life);
        var check = CommandRunner.CheckCommand(life, 3);
        var first = w.Launch(["/bin/sh", "-c", check]);
        await Deadline.Until(() => File.Exists(life.ChecksFile), TimeSpan.FromSeconds(10));
        var second = await w.WaitAsync(w.Launch(["/bin/sh", "-c", check.Replace("sleep 3", "sleep 0")]));
        second.Ok.ShouldBeTrue(second.ToString());
        first.Kill();
        var t = new Tally("self");
        new RunChecks(w, t).Journals([slot]);
        t.Count(Breach.TwoAgents).ShouldBe(1);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_runner_or_tmux_process_that_carries_an_attempts_marker_escaped_and_a_tool_of_the_attempt_did_not()
    {
        await using var w = new World("self-marker");
        var bin = Directory.CreateDirectory(Path.Combine(w.Dir, "bin")).FullName;
        foreach (var name in new[] { "shepherd", "tmux", "tool" }) File.CreateSymbolicLink(Path.Combine(bin, name), "/bin/bash");
        var env = new Dictionary<string, string?> { ["SHEPHERD_ATTEMPT"] = w.Home + "#1" };
        var runner = w.Launch([Path.Combine(bin, "shepherd"), "-c", "sleep 30; :", "__run"], env);
        var tmux = w.Launch([Path.Combine(bin, "tmux"), "-c", "sleep 30; :"], env);
        var tool = w.Launch([Path.Combine(bin, "tool"), "-c", "sleep 30; :"], env);
        var t = new Tally("self");
        await Deadline.Until(() => { new MarkerWatch(w, t).Observe([]); return t.Breaches.Count >= 2; }, TimeSpan.FromSeconds(10));
        foreach (var l in new[] { runner, tmux, tool }) l.Kill();
        // bash forks for `sleep` before it execs it: caught in between, the child still reads as the runner (or tmux), so a
        // kind may be counted twice; the tool of the attempt must never be.
        t.Count(Breach.Escaped).ShouldBeGreaterThanOrEqualTo(2, t.Describe());
        t.Breaches.ShouldNotContain(b => b.What.Contains("/bin/tool"), t.Describe());
        t.Breaches.ShouldContain(b => b.What.Contains("a runner"));
        t.Breaches.ShouldContain(b => b.What.Contains("a tmux process"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Two_live_launches_on_one_task_and_a_foreign_resume_are_counted_as_two_agents()
    {
        await using var w = new World("self-journal");
        var slot = new Slot(0);
        var life = new Incarnation(0, 0, "codex", "ok", Path.Combine(w.Dir, "fake", "c0-g0"));
        slot.Lives.Add(life);
        Directory.CreateDirectory(life.FakeState);
        File.WriteAllLines(Path.Combine(life.FakeState, "calls.jsonl"),
        [
            """{"n":1,"flavor":"codex","resume":false,"session":"","step":"ok","pid":11,"atUs":1,"cwd":"x","argv":[]}""",
            """{"n":2,"flavor":"codex","resume":true,"session":"someone-elses","step":"ok","pid":12,"atUs":2,"cwd":"x","argv":[]}""",
        ]);
        File.WriteAllLines(Path.Combine(life.FakeState, "lifecycle.jsonl"),
        [
            """{"n":1,"event":"open","pid":11,"session":"mine","atUs":1}""",
            """{"n":2,"event":"overlap","what":"task","pid":12,"holder":"11","atUs":2}""",
        ]);
        var t = new Tally("self");
        new RunChecks(w, t).Journals([slot]);
        t.Count(Breach.TwoAgents).ShouldBe(2);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_notification_id_that_arrives_with_two_contents_is_a_duplicate_and_a_plain_repeat_is_not()
    {
        await using var w = new World("self-notify");
        File.WriteAllLines(w.Notifications.Log, ["id1 c0 succeeded", "id1 c0 succeeded", "id2 c1 stopped", "id2 c1 succeeded"]);
        Directory.CreateDirectory(w.Home);
        await w.Shepherd("list"); // creates the (empty) database the check reads
        var t = new Tally("self");
        var check = new NotificationCheck(w, t);
        check.Run([]);
        check.Repeats.ShouldBe(2);
        t.Count(Breach.Duplicated).ShouldBe(1);
        t.Breaches.Single().What.ShouldContain("id2");
    }

    [Fact(Timeout = 30_000)]
    public void Breaches_of_fixed_bugs_fail_the_run_again()
    {
        KnownBreaches.TestFor("c1: resume --prompt failed: exit 1: shepherd: tmux new-session pi-c1 failed: duplicate session: pi-c1").ShouldBeNull();
        KnownBreaches.TestFor("c0: after rm, tmux session opencode-c0 is still there").ShouldBeNull();
        KnownBreaches.TestFor("busy1: a command that lost the race to rm did not say so: exit 1: shepherd: database error: SQLite Error 19: " +
                              "'FOREIGN KEY constraint failed'.").ShouldBeNull();
        KnownBreaches.TestFor("c1: expected succeeded, found failed").ShouldBeNull();
        KnownBreaches.TestFor("c6: expected succeeded (its last command was a start or resume), found starting").ShouldBeNull();
        KnownBreaches.TestFor("c6: expected succeeded (its last command was a start or resume), found starting (tasks/c6 is missing: a start " +
                              "killed after storing the task, before moving its files into place)").ShouldNotBeNull();
    }
}
