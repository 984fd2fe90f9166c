using Shepherd.Chaos.Harness;
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
        Schedule.Make(42, Profile.Fast).ShouldContain(s => s.KillCliAfterMs != null);
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
    }
}
