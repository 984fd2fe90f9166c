using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;
using Shouldly;

namespace Shepherd.Chaos.Specs.KnownBugs;

/// <summary>Found by the long profile (seed 322096: "after rm, …/home/tasks/c2 is still there"): rm deletes the task's
/// row, then its directory (src/Shepherd.Cli/Commands/RmCommand.cs:25-29). Killed in between (Ctrl-C, a closed
/// terminal, OOM), it leaves the directory — prompt included — and the rm a user issues again answers "no task named",
/// so nothing removes it until a new task of that name is started.</summary>
[Trait("Category", "KnownBug")]
public sealed class InterruptedRemovalSpecs
{
    [Fact(Timeout = 300_000)]
    public async Task An_rm_killed_after_deleting_the_task_and_issued_again_leaves_no_files()
    {
        await using var w = new World("rm-killed");
        await w.StartAsync("cut", "ok");
        await w.WaitFinalAsync("cut");
        var bulk = Directory.CreateDirectory(Path.Combine(w.TaskDir("cut"), "many")).FullName;
        for (var i = 0; i < 20_000; i++) File.WriteAllBytes(Path.Combine(bulk, i.ToString()), []); // deleting them takes a while
        var rm = await w.LaunchAsync(["rm", "cut"]);
        await Deadline.Until(() => w.TaskId("cut") is null || rm.HasExited, TimeSpan.FromSeconds(60), pollMs: 1);
        rm.Kill(); // the row is gone, the files are being deleted
        await w.WaitAsync(rm);
        var again = await w.Shepherd("rm", "cut");
        Directory.Exists(w.TaskDir("cut")).ShouldBeFalse($"rm again: {again.OneLine}");
    }
}
