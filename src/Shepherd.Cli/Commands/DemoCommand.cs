using System.CommandLine;
using System.Text.Json;
using Shepherd.Platform;
using Shepherd.Supervisor;
using Shepherd.Tmux;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd demo</c>: no API key, no agent installed. Runs a task with the built-in fake agent
/// on a private tmux socket and state directory, kills the agent mid-run with SIGKILL, shows the resumed
/// attempt (same session id) and the final succeeded, then cleans everything up.</summary>
internal static class DemoCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("demo", "Show a crash and an automatic resume with the built-in fake agent");
        cmd.SetAction(_ => Run());
        return cmd;
    }

    private static int Run()
    {
        var fake = FindFakeAgent() ?? throw new Tasks.OperationFailedException(
            "the demo's fake agent is not installed next to shepherd (run ./install.sh)");
        var root = Directory.CreateTempSubdirectory("shepherd-demo-").FullName;
        var socket = $"shepherd-demo-{Environment.ProcessId}";
        var project = Directory.CreateDirectory(Path.Combine(root, "project")).FullName;
        var env = new Dictionary<string, string>
        {
            ["SHEPHERD_HOME"] = Path.Combine(root, "home"), ["SHEPHERD_TMUX_SOCKET"] = socket, ["SHEPHERD_CODEX_BIN"] = fake,
            ["FAKE_AGENT_STATE"] = Path.Combine(root, "fake"), ["FAKE_AGENT_PLAN"] = "sleep:6,sleep:2", ["SHEPHERD_CONFIG"] = "/dev/null/none",
            // The runner itself resumes the crash; a daemon would outlive the demo's state directory.
            ["SHEPHERD_NO_AUTO_DAEMON"] = "1",
        };
        try
        {
            Say("1. start a task: codex (the fake one) in a fresh tmux session");
            // start's own hints (attach, daemon) are for real tasks, not for this private socket that is gone in a minute.
            ShepherdQuietly(env, "start", "demo", "--agent", "codex", "--dir", project, "--prompt", "Write hello.txt", "--backoff", "1s");
            Say("   started in tmux session codex-demo on a private tmux server");
            var task = WaitFor(env, t => t.GetProperty("agentSessionId").ValueKind == JsonValueKind.String, "the agent's session id");
            var sessionId = task.GetProperty("agentSessionId").GetString();
            Say($"   the agent printed its session id: {sessionId}");
            var pid = task.GetProperty("history")[0].GetProperty("pid").GetInt32();
            Thread.Sleep(1500);
            Say($"2. kill -9 the agent's process group ({pid}) in the middle of its work");
            ProcessInfo.SignalGroup(pid, Signals.SIGKILL);
            task = WaitFor(env, t => t.GetProperty("attempts").GetInt32() >= 2, "the resumed attempt");
            var second = task.GetProperty("history")[1];
            Say($"3. Shepherd recorded the kill and resumed: attempt 2 is a '{second.GetProperty("kind").GetString()}' of session {second.GetProperty("agentSessionId").GetString()}");
            task = WaitFor(env, t => t.GetProperty("state").GetString() is "succeeded" or "failed" or "stopped", "the end");
            Say($"4. final state: {task.GetProperty("state").GetString()}");
            Console.WriteLine();
            Shepherd(env, "status", "demo");
            Shepherd(env, "rm", "demo");
            return task.GetProperty("state").GetString() == "succeeded" ? 0 : 1;
        }
        finally
        {
            new TmuxClient(new ProcessCommandRunner(), socket).KillPrivateServer();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
            Say("cleaned up (private tmux server and state directory removed)");
        }
    }

    private static JsonElement WaitFor(Dictionary<string, string> env, Func<JsonElement, bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            var (code, output) = Run([.. RunnerLauncher.SelfCommand(), "status", "demo", "--json"], env, quiet: true);
            if (code == 0)
            {
                var task = JsonDocument.Parse(output).RootElement.Clone();
                if (condition(task)) return task;
            }
            Thread.Sleep(200);
        }
        throw new Tasks.OperationFailedException($"demo: timed out waiting for {what}");
    }

    private static void Shepherd(Dictionary<string, string> env, params string[] args) => Shepherd(env, false, args);

    private static void ShepherdQuietly(Dictionary<string, string> env, params string[] args) => Shepherd(env, true, args);

    private static void Shepherd(Dictionary<string, string> env, bool quiet, string[] args)
    {
        var (code, output) = Run([.. RunnerLauncher.SelfCommand(), .. args], env, quiet);
        if (code != 0) throw new Tasks.OperationFailedException($"demo: shepherd {args[0]} failed: {output.Trim()}");
    }

    private static (int Code, string Output) Run(IReadOnlyList<string> argv, Dictionary<string, string> env, bool quiet)
    {
        var full = global::Shepherd.Runner.TaskEnvironment.Current();
        foreach (var (k, v) in env) full[k] = v;
        var r = new ProcessCommandRunner().Run(new CommandSpec(argv, TimeSpan.FromSeconds(60)) { Environment = full });
        var output = r.Stdout + r.Stderr;
        if (!quiet) Console.Write(output);
        return (r.TimedOut ? 1 : r.ExitCode, output);
    }

    private static string? FindFakeAgent()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("SHEPHERD_FAKE_AGENT"),
            Path.Combine(AppContext.BaseDirectory, "fake-agent"),
            Path.Combine(AppContext.BaseDirectory, "..", "..", "Shepherd.FakeAgent", Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)), "fake-agent"),
        };
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c)) is { } found ? Path.GetFullPath(found) : null;
    }

    private static void Say(string line) => Console.WriteLine($"[demo] {line}");
}
