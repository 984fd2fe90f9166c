using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>Real SQLite in a temporary SHEPHERD_HOME.</summary>
public sealed class StoreSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-store-").FullName;
    private readonly ShepherdHome _home;
    private readonly TaskStore _store;

    public StoreSpecs()
    {
        _home = new ShepherdHome(Path.Combine(_dir, "home"));
        _store = TaskStore.Open(_home);
    }

    private TaskRecord NewTask(string name = "t1", params string[] notify) =>
        _store.InsertTask(new TaskRecord { Name = name, Agent = "codex", ProjectDir = "/p", TmuxSession = "codex-" + name, Notify = notify });

    [Fact]
    public void The_database_and_state_directory_are_private()
    {
        File.GetUnixFileMode(_home.Database).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(_home.Root).ShouldBe(ShepherdHome.PrivateDirMode);
        File.GetUnixFileMode(_home.TasksDir).ShouldBe(ShepherdHome.PrivateDirMode);
    }

    [Fact]
    public void A_name_can_be_taken_once()
    {
        NewTask("dup");
        Should.Throw<UsageException>(() => NewTask("dup")).Message.ShouldContain("already exists");
    }

    [Fact]
    public void An_attempt_begins_only_from_an_expected_state_and_never_after_an_accepted_stop()
    {
        var t = NewTask();
        TaskState[] runnable = [TaskState.Starting, TaskState.Backoff];
        var a = _store.BeginAttempt(t.Id, runnable, "start", null, ["x"], "boot")!;
        a.Number.ShouldBe(1);
        _store.BeginAttempt(t.Id, runnable, "start", null, ["x"], "boot").ShouldBeNull(); // already running
        _store.Conclude(new Conclusion(t.Id, a.Id, ExitStatus.Killed(9), AttemptOutcome.Retryable, "killed", TaskState.Backoff)).ShouldBeTrue();
        _store.ApplyStop(_store.GetIntent(_store.AddIntent(t.Id, IntentKind.Stop, null)!.Value)!, agentRunning: true); // accepted, not finished
        _store.BeginAttempt(t.Id, runnable, "resume", "id", ["x"], "boot").ShouldBeNull();
        var attempt = _store.ListAttempts(t.Id).Single();
        attempt.Signal.ShouldBe(9);
        attempt.ExitCode.ShouldBeNull();
        attempt.Outcome.ShouldBe(AttemptOutcome.Retryable);
    }

    [Fact]
    public void One_conclusion_stores_the_exit_the_next_state_and_the_notifications_together()
    {
        var t = NewTask("c", "cmd:/bin/true");
        var a = _store.BeginAttempt(t.Id, [TaskState.Starting], "start", null, ["x"], "boot")!;
        _store.Conclude(new Conclusion(t.Id, a.Id, ExitStatus.Exited(0), AttemptOutcome.Succeeded, "exit 0", TaskState.Succeeded)
            { RunTime = TimeSpan.FromSeconds(3) }).ShouldBeTrue();
        _store.GetTask(t.Id)!.State.ShouldBe(TaskState.Succeeded);
        _store.ListAttempts(t.Id).Single().RunTime.ShouldBe(TimeSpan.FromSeconds(3));
        _store.Notifications(t.Id).ShouldHaveSingleItem().State.ShouldBe("succeeded");
    }

    [Fact]
    public void A_final_state_is_left_only_by_an_explicit_resume_which_starts_the_budgets_anew()
    {
        var t = NewTask();
        var a = _store.BeginAttempt(t.Id, [TaskState.Starting], "start", null, ["x"], "boot")!;
        _store.Conclude(new Conclusion(t.Id, a.Id, ExitStatus.Exited(1), AttemptOutcome.NonRetryable, "boom", TaskState.Failed) { Reason = "boom" });
        _store.TryTransition(t.Id, TaskStates.NotFinal, TaskState.Running).ShouldBeFalse();
        var intent = _store.GetIntent(_store.AddIntent(t.Id, IntentKind.Resume, "go on")!.Value)!;
        _store.ApplyResume(intent, agentRunning: false).ShouldBe("resuming");
        var reopened = _store.GetTask(t.Id)!;
        reopened.State.ShouldBe(TaskState.Starting);
        reopened.ResumePrompt.ShouldBe("go on");
        reopened.Reason.ShouldBeNull();
        reopened.BudgetFrom.ShouldBe(2);
        _store.GetIntent(intent.Id)!.DoneAt.ShouldNotBeNull();
    }

    [Fact]
    public void A_stop_with_the_agent_running_is_accepted_and_without_it_stops_the_task_at_once()
    {
        var running = NewTask("r");
        _store.BeginAttempt(running.Id, [TaskState.Starting], "start", null, ["x"], "boot");
        _store.ApplyStop(_store.GetIntent(_store.AddIntent(running.Id, IntentKind.Stop, null)!.Value)!, agentRunning: true).ShouldBe("stopping");
        _store.GetTask(running.Id)!.State.ShouldBe(TaskState.Running);
        _store.GetTask(running.Id)!.StopRequest.ShouldBe(StopRequest.Stop);
        var idle = NewTask("i");
        _store.ApplyStop(_store.GetIntent(_store.AddIntent(idle.Id, IntentKind.Stop, null)!.Value)!, agentRunning: false).ShouldBe("stopped");
        _store.GetTask(idle.Id)!.State.ShouldBe(TaskState.Stopped);
    }

    [Fact]
    public void Entering_a_final_state_queues_one_notification_per_notifier_and_a_claim_is_exclusive()
    {
        var t = NewTask("n", "cmd:/bin/true", "webhook:http://127.0.0.1:1/x");
        _store.TryFinish(t.Id, TaskState.Succeeded, null).ShouldBeTrue();
        _store.TryFinish(t.Id, TaskState.Succeeded, null).ShouldBeFalse();
        var due = _store.DueNotifications(null, TimeSpan.FromMinutes(2));
        due.Count.ShouldBe(2);
        _store.TryClaimNotification(due[0].Id, "a", TimeSpan.FromMinutes(2)).ShouldBeTrue();
        _store.TryClaimNotification(due[0].Id, "b", TimeSpan.FromMinutes(2)).ShouldBeFalse();
        _store.MarkDelivered(due[0].Id, "a").ShouldBeTrue();
        _store.DueNotifications(null, TimeSpan.Zero).Select(d => d.Id).ShouldBe([due[1].Id]);
    }

    [Fact]
    public void A_sender_whose_claim_was_taken_over_can_neither_confirm_nor_release_it()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        using var store = TaskStore.Open(_home, clock);
        var t = store.InsertTask(new TaskRecord { Name = "slow", Agent = "codex", ProjectDir = "/p", TmuxSession = "codex-slow", Notify = ["cmd:/bin/true"] });
        store.TryFinish(t.Id, TaskState.Succeeded, null);
        var id = store.DueNotifications(t.Id, Shepherd.Notify.Outbox.ClaimTimeout).Single().Id;
        store.TryClaimNotification(id, "a", Shepherd.Notify.Outbox.ClaimTimeout).ShouldBeTrue();
        clock.Advance(Shepherd.Notify.Outbox.ClaimTimeout + TimeSpan.FromSeconds(1));
        store.TryClaimNotification(id, "b", Shepherd.Notify.Outbox.ClaimTimeout).ShouldBeTrue();
        store.ReleaseNotification(id, "a", "late failure", clock.GetUtcNow());
        store.MarkDelivered(id, "a").ShouldBeFalse();
        store.MarkDelivered(id, "b").ShouldBeTrue();
        store.Notifications(t.Id).Single().DeliveredAt.ShouldNotBeNull();
    }

    [Fact]
    public void A_claim_outlasts_the_slowest_sender() =>
        Shepherd.Notify.Outbox.ClaimTimeout.ShouldBeGreaterThan(Shepherd.Notify.ProcessNotifier.Timeout + TimeSpan.FromMinutes(1));

    [Fact]
    public void Two_processes_opening_a_new_home_at_once_both_get_a_migrated_database()
    {
        var home = new ShepherdHome(Path.Combine(_dir, "fresh"));
        Parallel.For(0, 8, _ => { using var s = TaskStore.Open(home); s.ListTasks().ShouldBeEmpty(); });
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
