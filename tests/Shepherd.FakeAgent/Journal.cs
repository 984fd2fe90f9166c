using System.Text.Json;

namespace Shepherd.FakeAgent;

/// <summary>What the fake agent saw on each launch, for tests to assert: calls.jsonl and prompt-N files.</summary>
internal static class Journal
{
    public static int NextLaunch(string state)
    {
        using var guard = Lifecycle.Exclusive(Path.Combine(state, "launches.lock")); // two launches at once (a bug) still count apart
        var counter = Path.Combine(state, "launches");
        var n = File.Exists(counter) ? int.Parse(File.ReadAllText(counter).Trim()) + 1 : 1;
        // Written aside, then renamed over: an agent killed mid-write (chaos seed 324155: the counter left empty, every
        // later launch of the task died parsing it) leaves the old count, never a truncated file.
        File.WriteAllText(counter + ".tmp", n.ToString());
        File.Move(counter + ".tmp", counter, overwrite: true);
        return n;
    }

    public static void Record(string state, int n, Invocation call, byte[] prompt, string step, DateTime startedAt)
    {
        File.WriteAllBytes(Path.Combine(state, $"prompt-{n}"), prompt);
        var argv = string.Join(",", call.Argv.Select(a => "\"" + JsonEncodedText.Encode(a.Length > 300 ? a[..300] : a) + "\""));
        var line = $"{{\"n\":{n},\"flavor\":\"{call.Flavor}\",\"resume\":{(call.Resume ? "true" : "false")},\"session\":\"{JsonEncodedText.Encode(call.SessionArg ?? "")}\"," +
                   $"\"step\":\"{JsonEncodedText.Encode(step)}\",\"pid\":{Environment.ProcessId},\"atUs\":{(startedAt - DateTime.UnixEpoch).Ticks / 10},\"cwd\":\"{JsonEncodedText.Encode(Directory.GetCurrentDirectory())}\",\"attempt\":\"{JsonEncodedText.Encode(Environment.GetEnvironmentVariable("SHEPHERD_ATTEMPT") ?? "")}\",\"argv\":[{argv}]}}\n";
        Lifecycle.AppendLine(Path.Combine(state, "calls.jsonl"), line);
    }
}
