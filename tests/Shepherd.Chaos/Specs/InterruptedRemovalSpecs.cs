using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;
using Shouldly;

namespace Shepherd.Chaos.Specs;

/// <summary>Found by the long profile (seed 322096: "after rm, …/home/tasks/c2 is still there"): rm deleted the task's
/// row, then its directory. Killed in between (Ctrl-C, a closed terminal, OOM), it left the directory — prompt
/// included — and the rm a user issued again answered "no task named". Fixed in Cli/Commands/RmCommand.cs and
/// Store/RemovedTaskFiles.cs: after deleting the row, rm renames the directory to a hidden tombstone in tasks/ and
/// deletes that; an rm issued again deletes whatever a killed one left (the directory or the tombstone), and so does a
/// start of the name.</summary>
public sealed class InterruptedRemovalSpecs
{
    [Fact(Timeout = 300_000)]
    public async Task An_rm_killed_after_deleting_the_task_and_issued_again_leaves_no_files()
    {
        await using var w = new World("rm-killed");
        await KillRmMidDelete(w, "cut");
        var again = await w.Shepherd("rm", "cut");
        Directory.Exists(w.TaskDir("cut")).ShouldBeFalse($"rm again: {again.OneLine}");
        Directory.EnumerateFileSystemEntries(TasksDir(w)).ShouldBeEmpty($"rm again: {again.OneLine}");
        again.Ok.ShouldBeTrue(again.OneLine);
        again.Stdout.Trim().Split('\n').Length.ShouldBe(1, again.ToString());
        (await w.Shepherd("rm", "cut")).OneLine.ShouldBe("exit 2: shepherd: no task named 'cut'");
    }

    [Fact(Timeout = 300_000)]
    public async Task A_start_of_the_name_after_an_interrupted_rm_runs_on_fresh_files()
    {
        await using var w = new World("rm-killed-start");
        await KillRmMidDelete(w, "cut");
        var start = await w.ShepherdWith(w.AgentEnv("cut", "ok"), null,
            ["start", "cut", "--agent", "codex", "--dir", w.Project("cut"), "--prompt", "the new one"]);
        start.Ok.ShouldBeTrue(start.OneLine);
        File.ReadAllText(Path.Combine(w.TaskDir("cut"), "prompt")).ShouldBe("the new one");
        Directory.Exists(Path.Combine(w.TaskDir("cut"), "many")).ShouldBeFalse();
        Directory.EnumerateFileSystemEntries(TasksDir(w)).Select(Path.GetFileName).ShouldBe(["cut"]);
        (await w.WaitFinalAsync("cut")).State().ShouldBe("succeeded");
    }

    private static string TasksDir(World w) => Path.Combine(w.Home, "tasks");

    /// <summary>Kills an rm once it has deleted the task's row, while it deletes 20,000 files.</summary>
    private static async Task KillRmMidDelete(World w, string name)
    {
        await w.StartAsync(name, "ok");
        await w.WaitFinalAsync(name);
        var bulk = Directory.CreateDirectory(Path.Combine(w.TaskDir(name), "many")).FullName;
        for (var i = 0; i < 20_000; i++) File.WriteAllBytes(Path.Combine(bulk, i.ToString()), []); // deleting them takes a while
        var rm = await w.LaunchAsync(["rm", name]);
        await Deadline.Until(() => w.TaskId(name) is null || rm.HasExited, TimeSpan.FromSeconds(60), pollMs: 1);
        rm.Kill(); // the row is gone, the files are being deleted
        await w.WaitAsync(rm);
        w.TaskId(name).ShouldBeNull();
        (Directory.Exists(w.TaskDir(name)) || Directory.EnumerateDirectories(TasksDir(w), ".*").Any())
            .ShouldBeTrue("the killed rm left nothing to clear up: the test no longer interrupts it");
    }
}
