// A small real program that imitates the agent CLIs (codex, claude, opencode, pi, gemini, qwen, copilot) closely enough for Shepherd's tests and demo:
// their start/resume argv, where each prints its session id, their exit codes and error events.
// What it does on each launch comes from FAKE_AGENT_PLAN (one step per launch, comma-separated; the last
// step repeats), and it records every launch under FAKE_AGENT_STATE.
using Shepherd.FakeAgent;

if (args is ["--version"])
{
    Console.WriteLine("fake-agent 1.0 (imitates codex, claude, opencode, pi, gemini, qwen and copilot)"); // as every real CLI answers it
    return 0;
}

var startedAt = DateTime.UtcNow; // the journal's launch time: as soon as the process runs, before it reads its prompt
var state = Environment.GetEnvironmentVariable("FAKE_AGENT_STATE") is { Length: > 0 } s ? s : Path.Combine(Directory.GetCurrentDirectory(), ".fake-agent");
Directory.CreateDirectory(state);
var call = Invocation.Parse(args);
if (call is null)
{
    Console.Error.WriteLine("error: unexpected arguments (fake-agent cannot tell which CLI it is)");
    return 2;
}
if (call.Flavor == "opencode-session-list")
{
    // FAKE_AGENT_SESSION_LIST=hang:S makes the lookup slow (it marks that it started), as a loaded OpenCode can be.
    File.WriteAllText(Path.Combine(state, "session-list-started"), Environment.ProcessId.ToString());
    if (Environment.GetEnvironmentVariable("FAKE_AGENT_SESSION_LIST") is { } how && how.StartsWith("hang:"))
        Thread.Sleep(TimeSpan.FromSeconds(double.Parse(how[5..], System.Globalization.CultureInfo.InvariantCulture)));
    Console.WriteLine("[]");
    return 0;
}
if (call.Flavor is "opencode-export" or "opencode-import") return OpenCodeStore.Run(call, state);
using var stdin = Console.OpenStandardInput();
using var buffer = new MemoryStream();
stdin.CopyTo(buffer);
var prompt = buffer.Length > 0 ? buffer.ToArray() : System.Text.Encoding.UTF8.GetBytes(call.ArgvPrompt ?? "");
var n = Journal.NextLaunch(state);
var step = Plan.StepFor(Environment.GetEnvironmentVariable("FAKE_AGENT_PLAN") ?? "ok", n);
Journal.Record(state, n, call, prompt, step, startedAt);
Lifecycle.HoldLive(state, n, "task", Path.Combine(state, "live.lock"));
var imitation = new Imitation(call, state, n, step, prompt);
var code = imitation.Run();
Lifecycle.Ended(state, n, imitation.SessionId, code);
return code;
