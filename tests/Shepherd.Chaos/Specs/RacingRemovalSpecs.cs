using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;
using Shouldly;

namespace Shepherd.Chaos.Specs;

/// <summary>Found by the scenario "50 concurrent stop/resume/rm on one task": a stop or resume that lost the race to an
/// rm failed with "database error: SQLite Error 19: 'FOREIGN KEY constraint failed'" (it added its intent for a row rm
/// had just deleted) or with "cannot open lock …/runner.lock: No such file or directory" (it locked a directory rm had
/// just deleted). Fixed in Supervisor/IntentClient.cs and Store/TaskStore.Intents.cs: the intent is added only while the
/// row exists, a lock in a directory that is gone means the task is gone, and the command answers as for a name that
/// never existed ("no task named", exit 2).</summary>
public sealed class RacingRemovalSpecs
{
    [Fact(Timeout = 300_000)]
    public async Task Commands_that_lose_the_race_to_rm_say_the_task_was_removed()
    {
        await using var w = new World("rm-race");
        var unclear = new List<string>();
        for (var round = 0; round < 4 && unclear.Count == 0; round++)
        {
            var name = $"gone{round}";
            await w.StartAsync(name, "sleep:2");
            await w.WaitForAsync(name, s => s.State() == "running");
            var rnd = new Random(round);
            var commands = Enumerable.Range(0, 50).Select(i => (rnd.Next(3) switch
            {
                0 => new[] { "stop", name },
                1 => ["resume", name, "--prompt", $"more {i}"],
                _ => ["rm", name],
            }, (IReadOnlyDictionary<string, string?>?)null)).ToList();
            var results = await StartingLine.RunAsync(w, commands);
            unclear.AddRange(results.Where(r => r.Stderr.Contains("database error") || r.Stderr.Contains("cannot open lock") ||
                                                r.Stderr.Contains("removed") || r.Stderr.Contains("no task") && r.OneLine != $"exit 2: shepherd: no task named '{name}'")
                .Select(r => r.OneLine));
        }
        unclear.ShouldBeEmpty();
    }
}
