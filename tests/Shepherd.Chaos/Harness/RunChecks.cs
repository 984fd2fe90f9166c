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
            if (slot.Current is not { } life || life is { Parent: not null, Created: false }) continue;
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
            var stuck = Settling.StuckStart(world, slot.Name, state, t.GetProperty("createdAt").GetDateTimeOffset());
            if (!ok) tally.Add(Breach.Lost, $"{slot.Name}: expected {Describe(life)}, found {state}{(stuck ?? reason) switch { null => "", var why => $" ({why})" }}");
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
            if (File.Exists(life.CheckOverlapsFile))
                tally.Add(Breach.TwoAgents, $"{life.Name} g{life.Generation}: two runs of its --check at once (run {string.Join(", ",
                    File.ReadAllLines(life.CheckOverlapsFile))} began while another held the check's lock; runs: {string.Join(", ", Lines(life.ChecksFile))})");
        }
    }

    /// <summary>What each launch of a live task implies, judged with its attempt as the database has it (the launch's
    /// marker names the attempt):
    /// <list type="bullet">
    /// <item>resumed by id: a launch that showed its session id, and whose attempt its own runner concluded (after
    /// reading the agent's last output), is followed by a resume of that conversation, never a new one — also when the
    /// agent exited within a millisecond of printing the id (issue 17, item 1);</item>
    /// <item>a usage limit is waited out: after a launch that hit one and was concluded <c>usage-limited</c>, the next
    /// launch comes no earlier than the reset the agent named, unless a resume was given meanwhile; and an agent that
    /// printed its usage limit and exited by itself is concluded <c>usage-limited</c> (which never counts against the
    /// restart budget), not <c>retryable</c> (item 6);</item>
    /// <item>a child an orchestrating agent started is never ended by a takeover of its parent's attempt: none of its
    /// attempts ended by SIGTERM or SIGINT, to its agent or its runner (nothing else sends those to it), and a
    /// <c>shepherd start</c> of it that returned 0 left it in existence (item 8).</item>
    /// </list></summary>
    public void Launches(Slot[] slots)
    {
        using var c = world.OpenDatabase();
        foreach (var slot in slots)
        {
            if (slot.Current is not { TaskId: { } id } life) continue;
            var attempts = Attempts(c, id);
            var j = new AgentJournal(life.FakeState);
            var launches = j.Launches.OrderBy(l => l.N).ToList();
            for (var i = 0; i < launches.Count; i++)
            {
                var l = launches[i];
                var next = i + 1 < launches.Count ? launches[i + 1] : null;
                if (l.AttemptId is not { } aid || !attempts.TryGetValue(aid, out var a)) continue;
                ResumedById(life, j, l, a, next);
                UsageLimit(life, j, l, a, next);
            }
            if (life.Parent is { } parent) Child(life, parent, attempts.Values);
        }
        foreach (var slot in slots)
            if (slot.Current is { Parent: { } parent, Created: false } child && Started(parent, child) is { } run)
                tally.Add(Breach.Lost, $"{child.Name}: the agent of {parent.Name} g{parent.Generation} ran 'shepherd start {child.Name}' and it exited 0 ({run}), yet there is no such task");
    }

    private void ResumedById(Incarnation life, AgentJournal j, AgentJournal.Launch l, AttemptRow a, AgentJournal.Launch? next)
    {
        if (life.Agent == "pi" || next is null) return; // Pi's handle is its session file, which it writes only when a turn completes
        if (a.Outcome is null or "lost" || a.Detail?.Contains("runner was lost") == true) return; // concluded by a takeover: nobody read its output
        if (j.Opens.FirstOrDefault(o => o.N == l.N) is not { Session.Length: > 0 } opened) return; // it never showed an id
        if (next.Resume && next.Session == opened.Session) return;
        tally.Add(Breach.Lost, $"{life.Name} g{life.Generation}: launch {l.N} ({l.Step}) showed its session id {opened.Session} and its runner " +
                               $"concluded attempt {a.Number} ({a.Outcome}), yet launch {next.N} " +
                               (next.Resume ? $"resumed {next.Session}" : "started a new conversation"));
    }

    private void UsageLimit(Incarnation life, AgentJournal j, AgentJournal.Launch l, AttemptRow a, AgentJournal.Launch? next)
    {
        if (!l.Step.StartsWith("usage-limit:", StringComparison.Ordinal)) return;
        var arg = l.Step["usage-limit:".Length..];
        if (!double.TryParse(arg.StartsWith("in-") ? arg[3..] : arg, System.Globalization.CultureInfo.InvariantCulture, out var seconds)) return;
        if (a.Outcome == "usage-limited")
        {
            var reset = l.At.AddSeconds(seconds);
            if (next is not null && next.At < reset && !life.ResumeTimes.Any(t => t > l.At && t < next.At))
                tally.Add(Breach.Other, $"{life.Name} g{life.Generation}: launch {next.N} came {(next.At - l.At).TotalSeconds:0.0}s after launch {l.N} " +
                                        $"hit a usage limit that resets {seconds}s after it began (no resume was given in between)");
        }
        else if (a.Outcome == "retryable" && a.Signal is null && a.ExitCode is not (>= 128) && j.Ends.Contains(l.N) && a.Detail?.Contains("runner got") != true)
            tally.Add(Breach.Other, $"{life.Name} g{life.Generation}: launch {l.N} printed its usage limit and exited {a.ExitCode}, but attempt {a.Number} " +
                                    $"was concluded retryable (it spends the restart budget): {a.Detail}");
    }

    private void Child(Incarnation child, Incarnation parent, IEnumerable<AttemptRow> attempts)
    {
        foreach (var a in attempts.Where(a => a.Signal is 2 or 15 || a.ExitCode is 130 or 143 ||
                                              a.Detail?.Contains("runner got SIGTERM") == true || a.Detail?.Contains("runner got SIGINT") == true))
            tally.Add(Breach.Lost, $"{child.Name} (started by the agent of {parent.Name} g{parent.Generation}): attempt {a.Number} was ended by a signal " +
                                   $"only a takeover of its parent's attempt sends it (exit {a.ExitCode?.ToString() ?? "-"}, signal {a.Signal?.ToString() ?? "-"}): {a.Detail}");
    }

    /// <summary>The parent's launch log that shows <c>shepherd start</c> of the child exiting 0, if any.</summary>
    private static string? Started(Incarnation parent, Incarnation child)
    {
        if (!Directory.Exists(parent.FakeState)) return null;
        foreach (var log in Directory.EnumerateFiles(parent.FakeState, "run-*.log"))
            if (File.ReadLines(log).FirstOrDefault() == "exit 0") return Path.GetFileName(log);
        return null;
    }

    public sealed record AttemptRow(long Id, int Number, string? Outcome, int? ExitCode, int? Signal, string? Detail);

    public static Dictionary<long, AttemptRow> Attempts(Microsoft.Data.Sqlite.SqliteConnection c, long taskId)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, number, outcome, exit_code, signal, detail FROM attempts WHERE task_id = $t ORDER BY number";
        cmd.Parameters.AddWithValue("$t", taskId);
        using var r = cmd.ExecuteReader();
        var rows = new Dictionary<long, AttemptRow>();
        while (r.Read())
            rows[r.GetInt64(0)] = new AttemptRow(r.GetInt64(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2),
                r.IsDBNull(3) ? null : r.GetInt32(3), r.IsDBNull(4) ? null : r.GetInt32(4), r.IsDBNull(5) ? null : r.GetString(5));
        return rows;
    }

    private static IEnumerable<string> Lines(string file) => File.Exists(file) ? File.ReadAllLines(file) : [];

    private void CheckSessionId(Incarnation life, string? sessionId)
    {
        if (sessionId is null) return;
        var own = new AgentJournal(life.FakeState).OwnConversations();
        if (!IsOwn(life, own, sessionId))
            tally.Add(Breach.TwoAgents, $"{life.Name}: its session id '{sessionId}' is not a conversation it started");
    }

    /// <summary>Pi's handle is the session file in the task's own directory; the others' are ids the task's launches opened.</summary>
    private bool IsOwn(Incarnation life, HashSet<string> own, string session) =>
        life.Agent == "pi" ? session.StartsWith(Path.Combine(world.TaskDir(life.Name), "pi-session"), StringComparison.Ordinal) : own.Contains(session);

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
