using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>Issue 17, item 6: agents that hit their account's usage limit, printing the CLI's real message (the fake
/// agent's usage-limit step): Claude's reset on the clock (with its rate_limit_event, to the second) and relative
/// ("resets in 3s"), Codex's on the clock to the minute — 6 tasks, all with <c>--max-restarts 0</c>, so one attempt
/// counted against the restart budget fails the task. During the wait, status and list say "waiting for usage limit
/// until …"; three runners are ended in the middle of it (SIGKILL twice, SIGHUP as tmux closing the pane once) and the
/// next runner still waits. Every task succeeds, no launch comes before the reset named (RunChecks), and every limited
/// attempt is concluded usage-limited.</summary>
public sealed class UsageLimits : IScenario
{
    public string Name => "usage limits";

    private static readonly (string Agent, string Plan, string? Interrupt)[] Tasks =
    [
        ("claude", "usage-limit:3,usage-limit:3,sleep:1", null),
        ("claude", "usage-limit:in-3,sleep:1", null),
        ("codex", "usage-limit:2,sleep:1", null),
        ("claude", "usage-limit:8,sleep:1", "SIGKILL"),
        ("codex", "usage-limit:5,sleep:1", "SIGKILL"),
        ("claude", "usage-limit:8,sleep:1", "SIGHUP"),
    ];

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name) { Runs = 1 };
        await using var s = new ScenarioWorld("usage", t, Tasks.Length);
        var lives = await Task.WhenAll(Tasks.Select((x, i) => s.StartAsync(i, x.Agent, x.Plan, maxRestarts: 0)));
        var seen = await Task.WhenAll(lives.Select((l, i) => WaitAsync(s, l, Tasks[i].Interrupt)));
        foreach (var life in lives)
        {
            var done = await s.UntilAsync(life, st => st.GetProperty("state").GetString() is "succeeded" or "failed" or "stopped", TimeSpan.FromSeconds(150));
            var status = await s.World.StatusAsync(life.Name);
            s.Expect(done && status.State() == "succeeded", Breach.Lost,
                $"{life.Name} ({life.Agent}, {life.Plan}, --max-restarts 0): ended {status.State() ?? "?"} ({status?.GetProperty("reason").GetString()})");
            foreach (var a in status?.GetProperty("history").EnumerateArray() ?? default)
                if (a.GetProperty("outcome").GetString() == "retryable")
                    t.Add(Breach.Other, $"{life.Name}: attempt {a.GetProperty("number")} is retryable: {a.GetProperty("detail").GetString()}");
        }
        await s.JudgeAsync(TimeSpan.FromSeconds(150));
        output.WriteLine($"  {string.Join("; ", seen)}");
        return t;
    }

    /// <summary>Waits for the first limit's wait and checks what status and list say; then ends the runner when told.</summary>
    private static async Task<string> WaitAsync(ScenarioWorld s, Incarnation life, string? interrupt)
    {
        string? reason = null;
        var waiting = await s.UntilAsync(life, st => (reason = st.GetProperty("reason").GetString())?.StartsWith("waiting for usage limit until") == true,
            TimeSpan.FromSeconds(60));
        s.Tally.Fault();
        if (!waiting)
        {
            s.Tally.Add(Breach.Lost, $"{life.Name} ({life.Agent}, {life.Plan}): status never said it waits for the usage limit (last reason: {reason})");
            return $"{life.Name}: not waiting";
        }
        var list = await s.World.Shepherd("list");
        s.Expect(list.Stdout.Contains("waiting for usage limit until"), Breach.Other, $"{life.Name}: list does not say it waits for the usage limit");
        if (interrupt == "SIGKILL") s.KillRunner(life, "during the usage-limit wait");
        if (interrupt == "SIGHUP" && life.TaskId is { } id)
            foreach (var r in RemovalCheck.Runners(s.World, id))
                if (Native.Kill(r.Pid, 1))
                {
                    s.Tally.Fault();
                    life.Note($"fault: runner {r.Pid} got SIGHUP during the usage-limit wait");
                }
        return $"{life.Name} ({life.Agent}): {reason}{(interrupt is null ? "" : $", runner got {interrupt}")}";
    }
}
