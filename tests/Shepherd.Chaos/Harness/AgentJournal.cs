using System.Text.Json;

namespace Shepherd.Chaos.Harness;

/// <summary>What the fake agent journaled for one task incarnation (its FAKE_AGENT_STATE): every launch (calls.jsonl),
/// every conversation opened, every clean end and every overlap with another live launch (lifecycle.jsonl).</summary>
public sealed class AgentJournal
{
    public sealed record Launch(int N, int Pid, bool Resume, string Session, string Step, string Cwd, string Attempt, long AtUs = 0)
    {
        /// <summary>The attempt's id in the database, from the marker the launch carried (<c>home#id</c>).</summary>
        public long? AttemptId => Attempt.LastIndexOf('#') is var h and >= 0 && long.TryParse(Attempt[(h + 1)..], out var id) ? id : null;

        public DateTime At => DateTime.UnixEpoch.AddTicks(AtUs * 10);
    }
    public sealed record Opened(int N, int Pid, string Session);
    public sealed record Overlap(int N, int Pid, string What, string Holder);

    public AgentJournal(string state)
    {
        State = state;
        foreach (var e in Lines(Path.Combine(state, "calls.jsonl")))
            Launches.Add(new Launch(e.GetProperty("n").GetInt32(), e.GetProperty("pid").GetInt32(), e.GetProperty("resume").GetBoolean(),
                e.GetProperty("session").GetString() ?? "", e.GetProperty("step").GetString() ?? "", e.GetProperty("cwd").GetString() ?? "",
                e.TryGetProperty("attempt", out var a) ? a.GetString() ?? "" : "", e.TryGetProperty("atUs", out var at) ? at.GetInt64() : 0));
        foreach (var e in Lines(Path.Combine(state, "lifecycle.jsonl")))
        {
            var n = e.GetProperty("n").GetInt32();
            var pid = e.GetProperty("pid").GetInt32();
            switch (e.GetProperty("event").GetString())
            {
                case "open": Opens.Add(new Opened(n, pid, e.GetProperty("session").GetString() ?? "")); break;
                case "end": Ends.Add(n); break;
                case "overlap": Overlaps.Add(new Overlap(n, pid, e.GetProperty("what").GetString() ?? "", e.GetProperty("holder").GetString() ?? "")); break;
            }
        }
    }

    public string State { get; }
    public List<Launch> Launches { get; } = [];
    public List<Opened> Opens { get; } = [];
    public List<Overlap> Overlaps { get; } = [];
    public HashSet<int> Ends { get; } = [];

    /// <summary>The prompt launch <paramref name="n"/> read on stdin (or as its argv prompt).</summary>
    public byte[]? Prompt(int n) => File.Exists(Path.Combine(State, $"prompt-{n}")) ? File.ReadAllBytes(Path.Combine(State, $"prompt-{n}")) : null;

    /// <summary>Conversations this incarnation started itself: a fresh launch that got as far as having one, as it journaled
    /// — or as the conversation's file says, which the fake agent writes under this incarnation's own state when it opens
    /// one (a launch killed between opening it and journaling that still opened it: long seed 107), and never for another's.</summary>
    public HashSet<string> OwnConversations()
    {
        var own = Opens.Where(o => Launches.FirstOrDefault(l => l.N == o.N) is { Resume: false }).Select(o => o.Session).ToHashSet();
        var sessions = Path.Combine(State, "sessions");
        if (Directory.Exists(sessions))
            foreach (var f in Directory.EnumerateFiles(sessions).Select(Path.GetFileName).OfType<string>())
                if (!f.EndsWith(".live") && !f.EndsWith(".pid")) own.Add(f);
        return own;
    }

    private static IEnumerable<JsonElement> Lines(string file)
    {
        if (!File.Exists(file)) yield break;
        foreach (var line in File.ReadAllLines(file))
        {
            if (line.Length == 0) continue;
            JsonElement e;
            try { e = JsonDocument.Parse(line).RootElement.Clone(); }
            catch (JsonException) { continue; } // a launch killed in the middle of its write
            yield return e;
        }
    }
}
