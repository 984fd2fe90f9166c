using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;
using Shouldly;

namespace Shepherd.Chaos.Specs.KnownBugs;

/// <summary>Found by the scenario "50 concurrent stop/resume/rm on one task": a stop or resume that loses the race to
/// an rm fails with "database error: SQLite Error 19: 'FOREIGN KEY constraint failed'" (IntentClient.Submit adds its
/// intent for a row rm just deleted: src/Shepherd.Core/Supervisor/IntentClient.cs:24) or with "cannot open lock
/// …/runner.lock: No such file or directory" (TryActOurselves locks a directory rm just deleted: IntentClient.cs:49),
/// instead of saying the task was removed.</summary>
[Trait("Category", "KnownBug")]
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
            unclear.AddRange(results.Where(r => r.Stderr.Contains("database error") || r.Stderr.Contains("cannot open lock")).Select(r => r.OneLine));
        }
        unclear.ShouldBeEmpty();
    }
}
