using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>Found by the chaos harness (long profile, seed 645890: "the follow-up … (resume returned 0) never reached the
/// agent"): the attempt that carried a follow-up was lost as the agent read its prompt (its runner killed), and the next
/// resume said only "Continue the previous task". Only a turn that succeeded proves the follow-up was taken.</summary>
public sealed class FollowUpGiveBackSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-followup-").FullName;
    private readonly TaskStore _store;
    private readonly TaskRecord _task;

    public FollowUpGiveBackSpecs()
    {
        _store = TaskStore.Open(new ShepherdHome(Path.Combine(_dir, "home")));
        _task = _store.InsertTask(new TaskRecord { Name = "t", Agent = "claude", ProjectDir = "/p", TmuxSession = "claude-t" });
        _store.BeginAttempt(_task.Id, [TaskState.Starting], "start", "s1", [], "boot").ShouldNotBeNull();
        var intent = _store.AddIntent(_task.Id, IntentKind.Resume, "the follow-up")!.Value;
        _store.ApplyResume(_store.GetIntent(intent)!, agentRunning: true).ShouldContain("queued");
    }

    private AttemptRecord NextAttempt()
    {
        var last = _store.LastAttempt(_task.Id)!;
        if (last.EndedAt is null) _store.Conclude(new Conclusion(_task.Id, last.Id, new ExitStatus(0, null), AttemptOutcome.Succeeded, "exit 0", TaskState.Starting));
        return _store.BeginAttempt(_task.Id, [TaskState.Starting, TaskState.Running], "resume", "s1", [], "boot")!;
    }

    [Fact(Timeout = 30_000)]
    public void A_follow_up_whose_attempt_was_lost_goes_to_the_next_resume_again()
    {
        NextAttempt(); // carries the follow-up
        _store.GetTask(_task.Id)!.ResumePrompt.ShouldBeNull();
        _store.EndLostAttempt(_task.Id, _store.LastAttempt(_task.Id)!.Id, "its runner vanished");
        _store.GetTask(_task.Id)!.ResumePrompt.ShouldBe("the follow-up");
    }

    [Fact(Timeout = 30_000)]
    public void A_follow_up_whose_attempt_crashed_comes_before_a_newer_one()
    {
        var carrier = NextAttempt();
        var newer = _store.AddIntent(_task.Id, IntentKind.Resume, "and then this")!.Value;
        _store.ApplyResume(_store.GetIntent(newer)!, agentRunning: true);
        _store.Conclude(new Conclusion(_task.Id, carrier.Id, new ExitStatus(null, 9), AttemptOutcome.Retryable, "killed", TaskState.Backoff));
        _store.GetTask(_task.Id)!.ResumePrompt.ShouldBe("the follow-up\n\nand then this");
    }

    [Fact(Timeout = 30_000)]
    public void A_follow_up_whose_turn_succeeded_is_not_sent_again()
    {
        var carrier = NextAttempt();
        _store.Conclude(new Conclusion(_task.Id, carrier.Id, new ExitStatus(0, null), AttemptOutcome.Succeeded, "exit 0", TaskState.Succeeded));
        _store.EndLostAttempt(_task.Id, carrier.Id, "late");
        _store.GetTask(_task.Id)!.ResumePrompt.ShouldBeNull();
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
