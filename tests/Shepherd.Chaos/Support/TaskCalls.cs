using System.Text.Json;
using Shepherd.Chaos.Harness;

namespace Shepherd.Chaos.Support;

/// <summary>Common steps of the scenarios, all through the public CLI of one world.</summary>
public static class TaskCalls
{
    public static string FakeState(this World w, string name) => Path.Combine(w.Dir, "fake", name);

    public static string Project(this World w, string name) => Directory.CreateDirectory(Path.Combine(w.Projects, name)).FullName;

    public static IReadOnlyDictionary<string, string?> AgentEnv(this World w, string name, string plan) =>
        new Dictionary<string, string?> { ["FAKE_AGENT_PLAN"] = plan, ["FAKE_AGENT_STATE"] = w.FakeState(name) };

    public static string[] StartArgs(this World w, string name, string agent = "codex", params string[] more) =>
        ["start", name, "--agent", agent, "--dir", w.Project(name), "--prompt", $"task {name}", "--backoff", "200ms", .. more];

    /// <summary>Starts a task; throws when start does not exit 0.</summary>
    public static async Task<CliResult> StartAsync(this World w, string name, string plan = "ok", string agent = "codex", params string[] more)
    {
        var r = await w.ShepherdWith(w.AgentEnv(name, plan), null, w.StartArgs(name, agent, more));
        return r.Ok ? r : throw new InvalidOperationException($"start {name} failed: {r}");
    }

    public static async Task<JsonElement?> StatusAsync(this World w, string name)
    {
        var r = await w.Shepherd("status", name, "--json");
        return r.Ok ? JsonDocument.Parse(r.Stdout).RootElement.Clone() : null;
    }

    public static string? State(this JsonElement? t) => t?.GetProperty("state").GetString();

    /// <summary>Waits for the task to satisfy <paramref name="condition"/>; returns its last status (null: no such task).</summary>
    public static async Task<JsonElement?> WaitForAsync(this World w, string name, Func<JsonElement?, bool> condition, TimeSpan? limit = null)
    {
        JsonElement? last = null;
        await Deadline.UntilAsync(async () => condition(last = await w.StatusAsync(name)), limit ?? TimeSpan.FromSeconds(60));
        return last;
    }

    public static Task<JsonElement?> WaitFinalAsync(this World w, string name, TimeSpan? limit = null) =>
        w.WaitForAsync(name, t => t.State() is "succeeded" or "failed" or "stopped", limit);

    /// <summary>The task's row id (its runner's argv carries it), read from the database; null when there is no such task.</summary>
    public static long? TaskId(this World w, string name)
    {
        if (!File.Exists(Path.Combine(w.Home, "shepherd.db"))) return null;
        using var c = w.OpenDatabase();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id FROM tasks WHERE name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        return cmd.ExecuteScalar() as long?;
    }

    public static bool IsFinal(this JsonElement? t) => t.State() is "succeeded" or "failed" or "stopped";
}
