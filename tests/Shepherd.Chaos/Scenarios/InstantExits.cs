using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>Issue 17, item 1: agents that print their session id and exit within a millisecond (the fake agent's
/// instant-exit and instant-ok: the id and the exit in one write(2) and an _exit, some after 2 MB of output the runner is
/// still reading when the agent is gone), 8 at once, two of each CLI. Each launch that showed its id must be followed by
/// a resume of that conversation — after a failure, and after a follow-up to a fast success — and the task keeps the id.</summary>
public sealed class InstantExits : IScenario
{
    private static readonly string[] Agents = ["codex", "claude", "opencode", "pi"];

    public string Name => "agents that exit within a millisecond of printing their id";

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name) { Runs = 1 };
        await using var s = new ScenarioWorld("instant", t, 8);
        var lives = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            s.StartAsync(i, Agents[i % 4], i < 4 ? "instant-exit:1:2000000,instant-exit:1,instant-ok" : "instant-exit:1,instant-ok:2000000")));
        foreach (var life in lives)
        {
            var done = await s.UntilAsync(life, st => st.GetProperty("state").GetString() == "succeeded", TimeSpan.FromSeconds(90));
            s.Expect(done, Breach.Lost, $"{life.Name} ({life.Agent}): did not succeed after its instant exits");
            var status = await s.World.StatusAsync(life.Name);
            s.Expect(status?.GetProperty("agentSessionId").GetString() is not null, Breach.Lost,
                $"{life.Name} ({life.Agent}): succeeded at once with no session id stored");
        }
        // A follow-up to each fast success must resume the conversation by its id (RunChecks: resumed by id).
        await Task.WhenAll(lives.Select(l => s.CommandAsync(l.Slot, StepKind.Resume)));
        foreach (var life in lives) t.Faults += new AgentJournal(life.FakeState).Launches.Count(l => l.Step.StartsWith("instant"));
        await s.JudgeAsync();
        output.WriteLine($"  {string.Join(", ", lives.Select(l => $"{l.Name} ({l.Agent}) {new AgentJournal(l.FakeState).Launches.Count} launches"))}");
        return t;
    }
}
