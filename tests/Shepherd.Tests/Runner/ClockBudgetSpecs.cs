using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Runner;

/// <summary>Found while adding the clock specs of issue 10: the restart budget's window was counted on the wall clock
/// (RestartDecider compared the attempts' stored wall-clock ends with now), so a 6 h jump forward made every earlier
/// failure look old and a crash-looping agent got a fresh budget. Fixed: each attempt's end also stores the monotonic
/// clock's reading, and the window ages runs of the same boot on it (MonotonicTime).</summary>
public sealed class ClockBudgetSpecs
{
    [Fact(Timeout = 60_000)]
    public async Task A_wall_clock_jump_of_6h_does_not_refill_the_restart_budget()
    {
        var clock = new JumpingClock();
        using var w = new RunnerWorld(clock);
        var task = w.NewTask("loop", "exit:1", RestartPolicy.Default with { InitialBackoff = TimeSpan.FromMilliseconds(500), MaxRestarts = 2 });
        var run = w.RunAsync(task);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!(w.Store.ListAttempts(task.Id).Count == 2 && w.Store.GetTask(task.Id)!.State == TaskState.Backoff) && DateTime.UtcNow < until)
            await Task.Delay(20);
        clock.Jump(TimeSpan.FromHours(6));
        await run;
        var t = w.Store.GetTask(task.Id)!;
        t.State.ShouldBe(TaskState.Failed);
        t.Reason!.ShouldContain("restart budget spent");
        w.Store.ListAttempts(task.Id).Count.ShouldBe(3); // the first launch and its 2 allowed resumes
    }
}
