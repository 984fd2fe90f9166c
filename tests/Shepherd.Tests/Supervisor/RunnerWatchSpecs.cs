using System.Diagnostics;
using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Supervisor;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Supervisor;

/// <summary>The daemon's watch of runners, on real SQLite and real processes.</summary>
public sealed class RunnerWatchSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-watch-").FullName;
    private readonly ShepherdHome _home;
    private readonly TaskStore _store;
    private readonly List<Process> _started = [];

    public RunnerWatchSpecs()
    {
        _home = new ShepherdHome(Path.Combine(_dir, "home"));
        _store = TaskStore.Open(_home);
    }

    private TaskRecord TaskWithRunner(string name, int pid)
    {
        var task = _store.InsertTask(new TaskRecord { Name = name, Agent = "codex", ProjectDir = "/p", TmuxSession = "codex-" + name });
        _store.SetRunner(task.Id, pid, ProcStat.Read(pid)?.StartTicks ?? 0, BootId.Current(), null);
        return task;
    }

    private Process Sleeper()
    {
        var p = Process.Start(new ProcessStartInfo("sleep", "60"))!;
        _started.Add(p);
        return p;
    }

    private static void End(Process p)
    {
        p.Kill();
        p.WaitForExit();
    }

    [Fact]
    public void A_watched_runner_that_dies_makes_its_pidfd_ready_and_is_reported_once()
    {
        var runner = Sleeper();
        var task = TaskWithRunner("t1", runner.Id);
        using var watch = new RunnerWatch(_home, _store, TimeProvider.System);
        var first = watch.Refresh();
        first.Unwatched.ShouldBeEmpty();
        first.Gone.ShouldBeEmpty();
        var fd = watch.Fds.ShouldHaveSingleItem();
        End(runner);
        EventPoller.Wait([fd], TimeSpan.FromSeconds(10)).ShouldBe([fd]);
        watch.Exited([fd]).ShouldBe([task.Id]);
        watch.Fds.ShouldBeEmpty();
    }

    // The race behind a 2 s resume: the runner died after the daemon's pass saw its lock held but before the watch took
    // its pidfd. Such a death must count as one seen by the kernel, not wait for the slow pass.
    [Fact]
    public void A_registered_runner_that_died_before_it_was_watched_is_reported_gone_once_then_left_to_the_slow_pass()
    {
        var runner = Sleeper();
        var task = TaskWithRunner("t1", runner.Id);
        using var watch = new RunnerWatch(_home, _store, TimeProvider.System);
        End(runner);
        var first = watch.Refresh();
        first.Gone.ShouldBe([task.Id]);
        first.Unwatched.ShouldBeEmpty();
        var second = watch.Refresh(); // recovered once; if it is still dead (a relaunch pause), the slow pass looks again
        second.Gone.ShouldBeEmpty();
        second.Unwatched.Select(t => t.Id).ShouldBe([task.Id]);
    }

    [Fact]
    public void A_task_whose_runner_never_registered_is_unwatched_not_gone()
    {
        var task = _store.InsertTask(new TaskRecord { Name = "t1", Agent = "codex", ProjectDir = "/p", TmuxSession = "codex-t1" });
        using var watch = new RunnerWatch(_home, _store, TimeProvider.System);
        var r = watch.Refresh();
        r.Gone.ShouldBeEmpty();
        r.Unwatched.Select(t => t.Id).ShouldBe([task.Id]);
    }

    // A killed runner's main thread is a zombie while its other threads still exit and still hold the task's lock; a
    // look at that moment must watch it (its pidfd fires once all of it is gone), not report it gone: the pass that
    // follows would find the lock held and the death would be left to the slow pass.
    [Fact]
    public void A_runner_that_is_a_zombie_is_watched_and_its_pidfd_tells_when_it_is_all_gone()
    {
        var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 0.05 & exec sleep 60"]))!; // never reaps its child
        _started.Add(parent);
        var zombie = WaitForZombieChild(parent.Id);
        var task = TaskWithRunner("t1", zombie);
        using var watch = new RunnerWatch(_home, _store, TimeProvider.System);
        var first = watch.Refresh();
        first.Gone.ShouldBeEmpty();
        var fd = watch.Fds.ShouldHaveSingleItem();
        EventPoller.Wait([fd], TimeSpan.FromSeconds(10)).ShouldBe([fd]);
        watch.Exited([fd]).ShouldBe([task.Id]);
        // Reported once, and not watched again: a zombie nobody reaps (a container whose pid 1 does not) would
        // otherwise make a new pidfd that is ready at once, and the daemon would spin while the task waits out its
        // relaunch pause. It is left to the slow pass.
        var after = watch.Refresh();
        after.Gone.ShouldBeEmpty();
        watch.Fds.ShouldBeEmpty();
        after.Unwatched.Select(t => t.Id).ShouldBe([task.Id]);
    }

    private static int WaitForZombieChild(int parent)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < until)
        {
            var children = File.ReadAllText($"/proc/{parent}/task/{parent}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (children.Select(int.Parse).FirstOrDefault(c => ProcStat.Read(c) is { IsDead: true }) is > 0 and var zombie) return zombie;
            Thread.Sleep(10);
        }
        throw new TimeoutException("the child never became a zombie");
    }

    public void Dispose()
    {
        foreach (var p in _started)
        {
            try { if (!p.HasExited) End(p); } catch (InvalidOperationException) { }
            p.Dispose();
        }
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
