using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>Issue 17, item 2: a follow-up (<c>resume --prompt</c>) given while a stop is ending the agent — an agent that
/// ignores SIGINT and SIGTERM, so the stop climbs to SIGKILL — on 8 tasks at once, two of each CLI. The resume is not
/// "queued for after the current turn" (there is none): it exits 0, waits, and reopens the task once the stop is done;
/// the follow-up reaches the agent as a resume of the conversation, and the task succeeds.</summary>
public sealed class FollowUpDuringStop : IScenario
{
    private static readonly string[] Agents = ["codex", "claude", "opencode", "pi"];

    public string Name => "follow-up while a stop ends the agent";

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name) { Runs = 1 };
        await using var s = new ScenarioWorld("followstop", t, 8);
        var lives = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => s.StartAsync(i, Agents[i % 4], "stubborn,sleep:1")));
        var answers = await Task.WhenAll(lives.Select(life => RaceAsync(s, life)));
        await s.JudgeAsync();
        output.WriteLine($"  {string.Join("; ", answers)}");
        return t;
    }

    private static async Task<string> RaceAsync(ScenarioWorld s, Incarnation life)
    {
        if (!await s.AtWorkAsync(life))
        {
            s.Tally.Add(Breach.Lost, $"{life.Name} ({life.Agent}): never at work");
            return $"{life.Name}: never at work";
        }
        var w = s.World;
        life.Begin("stop, and resume --prompt once the stop is accepted (while it ends the agent)");
        var stop = await w.LaunchAsync(["stop", life.Name]);
        var accepted = await s.UntilAsync(life, ScenarioWorld.StopAccepted, TimeSpan.FromSeconds(30));
        var prompt = $"follow-up {life.Name} during its stop";
        life.ResumesIssued++;
        life.ResumeTimes.Add(DateTime.UtcNow);
        var resume = await w.Shepherd("resume", life.Name, "--prompt", prompt);
        var stopped = await w.WaitAsync(stop);
        s.Tally.Fault();
        s.Expect(accepted, Breach.Other, $"{life.Name}: the stop was never accepted");
        s.Expect(stopped.Ok || stopped.Stderr.Contains("has not finished the stop yet"), Breach.Other, $"{life.Name}: stop failed: {stopped.OneLine}");
        s.Expect(resume.Ok, Breach.Lost, $"{life.Name}: resume --prompt during the stop failed: {resume.OneLine}");
        s.Expect(!resume.Stdout.Contains("queued for after the current turn"), Breach.Lost,
            $"{life.Name}: resume during the stop said it was queued for after the current turn (there is none): {resume.Stdout.Trim()}");
        if (resume.Ok) life.PendingFollowUp = prompt;
        life.End($"stop: {stopped.OneLine}; resume: {resume.OneLine}", Expect.Succeeds);
        var reopened = await s.UntilAsync(life, st => st.GetProperty("history").GetArrayLength() >= 2, TimeSpan.FromSeconds(60));
        var status = await w.StatusAsync(life.Name);
        var first = status?.GetProperty("history")[0].GetProperty("outcome").GetString();
        s.Expect(reopened && first == "stopped", Breach.Lost,
            $"{life.Name}: the stop should end attempt 1 as stopped and the follow-up run as attempt 2 (attempt 1: {first ?? "?"})");
        return $"{life.Name} ({life.Agent}): resume {resume.Stdout.Trim()}";
    }
}
