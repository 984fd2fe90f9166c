using System.Diagnostics;
using Shepherd.Tasks;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Runner;

/// <summary>What the runner decides at its seams: a spawn that fails for now, a wall clock that jumps.</summary>
public sealed class RunnerSeamSpecs
{
    private static readonly RestartPolicy Quick = RestartPolicy.Default with { InitialBackoff = TimeSpan.FromMilliseconds(100) };

    [Fact(Timeout = 60_000)]
    public async Task A_spawn_that_fails_with_eagain_is_retried_not_the_end_of_the_task()
    {
        using var w = new RunnerWorld();
        var task = w.NewTask("eagain", "ok", Quick);
        (await w.RunAsync(task, new FlakyLauncher(2))).ShouldBe(0);
        var t = w.Store.GetTask(task.Id)!;
        t.State.ShouldBe(TaskState.Succeeded, t.Reason);
        var h = w.Store.ListAttempts(task.Id);
        h.Count.ShouldBe(3);
        h[0].Outcome.ShouldBe(AttemptOutcome.Retryable);
        h[0].Detail!.ShouldContain("Resource temporarily unavailable");
        h[2].Outcome.ShouldBe(AttemptOutcome.Succeeded);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_spawn_that_cannot_work_fails_the_task_at_once()
    {
        using var w = new RunnerWorld();
        var task = w.NewTask("enoent", "ok", Quick);
        (await w.RunAsync(task, new FailingLauncher())).ShouldBe(0);
        var t = w.Store.GetTask(task.Id)!;
        t.State.ShouldBe(TaskState.Failed);
        t.Reason!.ShouldContain("cannot start the agent");
        w.Store.ListAttempts(task.Id).ShouldHaveSingleItem();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_wall_clock_jump_of_6h_does_not_fail_a_running_task_for_max_runtime()
    {
        var clock = new JumpingClock();
        using var w = new RunnerWorld(clock);
        var task = w.NewTask("jump", "sleep:2", Quick with { MaxRuntime = TimeSpan.FromHours(1) });
        var run = w.RunAsync(task);
        await Until(() => w.Store.GetTask(task.Id)!.State == TaskState.Running);
        clock.Jump(TimeSpan.FromHours(6));
        await run;
        var t = w.Store.GetTask(task.Id)!;
        t.State.ShouldBe(TaskState.Succeeded, t.Reason);
        w.Store.ListAttempts(task.Id).Single().RunTime!.Value.ShouldBeLessThan(TimeSpan.FromMinutes(1));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_wall_clock_jump_of_6h_does_not_fire_a_backoff_early()
    {
        var clock = new JumpingClock();
        using var w = new RunnerWorld(clock);
        var task = w.NewTask("wait", "exit:1,ok", Quick with { InitialBackoff = TimeSpan.FromSeconds(3) });
        var run = w.RunAsync(task);
        await Until(() => w.Store.GetTask(task.Id)!.State == TaskState.Backoff);
        var waited = Stopwatch.StartNew();
        clock.Jump(TimeSpan.FromHours(6));
        await Until(() => w.Store.ListAttempts(task.Id).Count == 2);
        waited.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(2)); // the backoff is 3 s ± 20 %, on the monotonic clock
        await run;
        w.Store.GetTask(task.Id)!.State.ShouldBe(TaskState.Succeeded);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_wall_clock_jump_of_6h_back_does_not_stretch_a_backoff()
    {
        var clock = new JumpingClock();
        using var w = new RunnerWorld(clock);
        var task = w.NewTask("back", "exit:1,ok", Quick with { InitialBackoff = TimeSpan.FromSeconds(1) });
        var run = w.RunAsync(task);
        await Until(() => w.Store.GetTask(task.Id)!.State == TaskState.Backoff);
        var waited = Stopwatch.StartNew();
        clock.Jump(TimeSpan.FromHours(-6));
        await Until(() => w.Store.ListAttempts(task.Id).Count == 2);
        waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15)); // 1 s ± 20 % on the monotonic clock, not 6 h
        await run;
        w.Store.GetTask(task.Id)!.State.ShouldBe(TaskState.Succeeded);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_wall_clock_jump_of_6h_during_a_backoff_does_not_count_as_runtime()
    {
        var clock = new JumpingClock();
        using var w = new RunnerWorld(clock);
        var task = w.NewTask("idle", "exit:1,ok", Quick with { InitialBackoff = TimeSpan.FromSeconds(2), MaxRuntime = TimeSpan.FromHours(1) });
        var run = w.RunAsync(task);
        await Until(() => w.Store.GetTask(task.Id)!.State == TaskState.Backoff);
        clock.Jump(TimeSpan.FromHours(6));
        await run;
        var t = w.Store.GetTask(task.Id)!;
        t.State.ShouldBe(TaskState.Succeeded, t.Reason);
        w.Store.ListAttempts(task.Id).Count.ShouldBe(2);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_run_that_spans_a_6h_wall_clock_jump_is_not_taken_for_a_healthy_one()
    {
        var clock = new JumpingClock();
        using var w = new RunnerWorld(clock);
        // healthy after 10 min: a run that long would forgive the failures before it and reset the backoff to 1 s
        var task = w.NewTask("span", "exit:1,hang,ok", Quick with { InitialBackoff = TimeSpan.FromSeconds(1), HealthyAfter = TimeSpan.FromMinutes(10) });
        var run = w.RunAsync(task);
        var calls = Path.Combine(w.FakeState, "calls.jsonl");
        // the second launch has counted itself (else the next launch would take its step, the hang)
        await Until(() => File.Exists(calls) && File.ReadAllLines(calls).Length == 2 && w.Store.ListAttempts(task.Id) is { Count: 2 } h && h[1].Pid is not null);
        clock.Jump(TimeSpan.FromHours(6));
        var pid = w.Store.ListAttempts(task.Id)[1].Pid!.Value;
        Native.KillGroup(pid);
        var since = Stopwatch.StartNew();
        await Until(() => w.Store.ListAttempts(task.Id).Count == 3);
        since.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(1.5)); // the second failure in a row waits 2 s ± 20 %
        await run;
        w.Store.GetTask(task.Id)!.State.ShouldBe(TaskState.Succeeded);
        w.Store.ListAttempts(task.Id)[1].RunTime!.Value.ShouldBeLessThan(TimeSpan.FromMinutes(1));
    }

    private static async Task Until(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException();
            await Task.Delay(20);
        }
    }

    private sealed class FailingLauncher : Shepherd.Platform.IProcessLauncher
    {
        public Shepherd.Platform.IChildProcess Start(Shepherd.Platform.LaunchSpec spec) =>
            throw new Shepherd.Platform.SpawnException(2, $"cannot start {spec.Executable}: No such file or directory");
    }
}
