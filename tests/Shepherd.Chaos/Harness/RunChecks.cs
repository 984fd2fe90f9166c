using System.Text;
using System.Text.Json;

namespace Shepherd.Chaos.Harness;

/// <summary>The invariants judged from outside once the run has settled: each task's final state is the one its
/// commands imply, every attempt has an end, a follow-up given last reached the agent, no two live agents ever shared a
/// task or conversation, and every resume used the task's own conversation.</summary>
public sealed class RunChecks(World world, Tally tally)
{
    public async Task FinalStatesAsync(Slot[] slots)
    {
        foreach (var slot in slots)
        {
            if (slot.Current is not { } life) continue;
            var r = await world.Shepherd("status", slot.Name, "--json");
            if (!r.Ok)
            {
                tally.Add(Breach.Lost, $"{slot.Name}: expected {Describe(life)}, but status fails: {r.OneLine}");
                continue;
            }
            var t = JsonDocument.Parse(r.Stdout).RootElement;
            var state = t.GetProperty("state").GetString()!;
            var reason = t.GetProperty("reason").GetString();
            var ok = life.Expect switch
            {
                Expect.Succeeds => state == "succeeded",
                Expect.StaysFinal => state == life.FinalState,
                Expect.StopsSoon => state is "stopped" or "succeeded",
                _ => true,
            };
            if (!ok) tally.Add(Breach.Lost, $"{slot.Name}: expected {Describe(life)}, found {state}{(reason is null ? "" : $" ({reason})")}");
            foreach (var a in t.GetProperty("history").EnumerateArray())
                if (a.GetProperty("endedAt").ValueKind == JsonValueKind.Null)
                    tally.Add(Breach.Lost, $"{slot.Name}: attempt {a.GetProperty("number").GetInt32()} has no end though the task is {state}");
            if (life is { Expect: Expect.Succeeds, PendingFollowUp: { } follow } && !ReachedAgent(life, follow))
                tally.Add(Breach.Lost, $"{slot.Name}: the follow-up '{follow}' (resume returned 0) never reached the agent");
            CheckSessionId(life, t.GetProperty("agentSessionId").GetString());
        }
    }

    public void Journals(Slot[] slots)
    {
        foreach (var life in slots.SelectMany(s => s.Lives))
        {
            var j = new AgentJournal(life.FakeState);
            foreach (var o in j.Overlaps)
                tally.Add(Breach.TwoAgents, $"{life.Name} g{life.Generation}: launch {o.N} (pid {o.Pid}) ran while pid {o.Holder} held the {o.What}");
            var own = j.OwnConversations();
            foreach (var l in j.Launches.Where(l => l.Resume))
                if (!IsOwn(life, own, l.Session))
                    tally.Add(Breach.TwoAgents, $"{life.Name} g{life.Generation}: launch {l.N} resumed '{l.Session}', not a conversation of its own ({string.Join(", ", own)})");
            var project = Path.Combine(world.Projects, life.Name);
            foreach (var l in j.Launches.Where(l => l.Cwd != project))
                tally.Add(Breach.Lost, $"{life.Name} g{life.Generation}: launch {l.N} ran in {l.Cwd}, not in {project}");
        }
    }

    private void CheckSessionId(Incarnation life, string? sessionId)
    {
        if (sessionId is null) return;
        var own = new AgentJournal(life.FakeState).OwnConversations();
        if (!IsOwn(life, own, sessionId))
            tally.Add(Breach.TwoAgents, $"{life.Name}: its session id '{sessionId}' is not a conversation it started");
    }

    /// <summary>Pi's handle is the session file in the task's own directory; the others' are ids the task's launches opened.</summary>
    private bool IsOwn(Incarnation life, HashSet<string> own, string session) =>
        life.Agent == "pi" ? session == Path.Combine(world.TaskDir(life.Name), "pi-session.jsonl") : own.Contains(session);

    private static bool ReachedAgent(Incarnation life, string prompt)
    {
        var j = new AgentJournal(life.FakeState);
        var wanted = Encoding.UTF8.GetBytes(prompt);
        return j.Launches.Any(l => j.Prompt(l.N) is { } p && p.AsSpan().IndexOf(wanted) >= 0);
    }

    private static string Describe(Incarnation life) => life.Expect switch
    {
        Expect.Succeeds => "succeeded (its last command was a start or resume)",
        Expect.StaysFinal => $"{life.FinalState} (what its last stop returned)",
        Expect.StopsSoon => "stopped (a stop was accepted)",
        _ => "gone",
    };
}
