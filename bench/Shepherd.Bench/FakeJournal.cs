using System.Text.Json;

namespace Shepherd.Bench;

/// <summary>Reads the fake agent's journal (calls.jsonl under its FAKE_AGENT_STATE): one line per launch,
/// with its pid and the wall-clock time it started, written by the agent itself.</summary>
internal static class FakeJournal
{
    public static List<Launch> Read(string stateDir)
    {
        var file = Path.Combine(stateDir, "calls.jsonl");
        if (!File.Exists(file)) return [];
        string text;
        try { text = File.ReadAllText(file); }
        catch (IOException) { return []; }
        var launches = new List<Launch>();
        var lines = text.TrimStart('\uFEFF').Split('\n');
        foreach (var line in lines.Take(lines.Length - 1)) // the last piece is empty or a line still being written
        {
            var e = JsonDocument.Parse(line).RootElement;
            var at = e.TryGetProperty("atUs", out var us) ? DateTimeOffset.UnixEpoch.AddTicks(us.GetInt64() * 10)
                : throw new InvalidOperationException($"the fake agent's journal has no launch times ({file}): rebuild it (./bench.sh builds it)");
            launches.Add(new Launch(e.GetProperty("n").GetInt32(), e.GetProperty("pid").GetInt32(), at, e.GetProperty("step").GetString() ?? ""));
        }
        return launches;
    }

    public static int Count(string stateDir) => Read(stateDir).Count;

    public static Launch? Last(string stateDir) => Read(stateDir) is { Count: > 0 } l ? l[^1] : null;
}
