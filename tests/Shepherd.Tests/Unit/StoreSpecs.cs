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
    public void An_attempt_begins_only_from_an_expected_state_and_never_after_a_stop()
    {
        var t = NewTask();
        string[] runnable = [TaskState.Starting, TaskState.Backoff];
        var a = _store.TryBeginAttempt(t.Id, runnable, "start", null, ["x"], "boot")!;
        a.Number.ShouldBe(1);
        _store.TryBeginAttempt(t.Id, runnable, "start", null, ["x"], "boot").ShouldBeNull(); // already running
        _store.EndAttempt(a.Id, ExitStatus.Killed(9), "retryable", "killed");
        _store.TryTransition(t.Id, [TaskState.Running], TaskState.Backoff).ShouldBeTrue();
        _store.RequestStop(t.Id).ShouldBe(TaskState.Backoff);
        _store.TryBeginAttempt(t.Id, runnable, "resume", "id", ["x"], "boot").ShouldBeNull();
        var attempt = _store.ListAttempts(t.Id).Single();
        attempt.Signal.ShouldBe(9);
        attempt.ExitCode.ShouldBeNull();
    }

    [Fact]
    public void A_final_state_is_left_only_by_an_explicit_reopen()
    {
        var t = NewTask();
        _store.TryFinish(t.Id, [TaskState.Starting], TaskState.Failed, "boom").ShouldBeTrue();
        _store.TryTransition(t.Id, [TaskState.Starting, TaskState.Running, TaskState.Backoff], TaskState.Running).ShouldBeFalse();
        _store.Reopen(t.Id, "go on");
        var reopened = _store.GetTask(t.Id)!;
        reopened.State.ShouldBe(TaskState.Starting);
        reopened.ResumePrompt.ShouldBe("go on");
        reopened.Reason.ShouldBeNull();
    }

    [Fact]
    public void Entering_a_final_state_queues_one_notification_per_notifier_and_a_claim_is_exclusive()
    {
        var t = NewTask("n", "cmd:/bin/true", "webhook:http://127.0.0.1:1/x");
        _store.TryFinish(t.Id, [TaskState.Starting], TaskState.Succeeded, null);
        _store.TryFinish(t.Id, [TaskState.Starting], TaskState.Succeeded, null).ShouldBeFalse();
        var due = _store.DueNotifications(null, TimeSpan.FromMinutes(2));
        due.Count.ShouldBe(2);
        _store.TryClaimNotification(due[0].Id, "a", TimeSpan.FromMinutes(2)).ShouldBeTrue();
        _store.TryClaimNotification(due[0].Id, "b", TimeSpan.FromMinutes(2)).ShouldBeFalse();
        _store.MarkDelivered(due[0].Id);
        _store.DueNotifications(null, TimeSpan.Zero).Select(d => d.Id).ShouldBe([due[1].Id]);
    }

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
