using System.Text.Json;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Harness;

/// <summary>After the last fault: the world must come to rest by itself (with the daemon up and the receiver
/// answering) — every task final, every notification delivered, every runner gone — within a generous limit.</summary>
public static class Settling
{
    public static async Task<string?> WaitAsync(World world, Slot[] slots, TimeSpan limit)
    {
        string? why = null;
        var settled = await Deadline.UntilAsync(async () =>
        {
            why = await NotYet(world, slots);
            return why is null;
        }, limit, pollMs: 500);
        return settled ? null : why;
    }

    /// <summary>A task left <c>starting</c> without its directory by a start killed between storing the task and moving its
    /// files into place (KnownBugs/InterruptedStartSpecs): nothing will ever move it. Null for anything else.</summary>
    public static string? StuckStart(World world, string name, string state, DateTimeOffset createdAt) =>
        state == "starting" && !Directory.Exists(world.TaskDir(name)) && DateTimeOffset.UtcNow - createdAt > TimeSpan.FromSeconds(10)
            ? $"tasks/{name} is missing: a start killed after storing the task, before moving its files into place"
            : null;

    private static async Task<string?> NotYet(World world, Slot[] slots)
    {
        var r = await world.Shepherd("list", "--all", "--json");
        if (!r.Ok) return $"list failed: {r.OneLine}";
        var tasks = JsonDocument.Parse(r.Stdout).RootElement.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.Clone());
        foreach (var slot in slots)
            if (slot.Current is { } life && tasks.GetValueOrDefault(slot.Name) is { ValueKind: JsonValueKind.Object } t &&
                t.GetProperty("state").GetString() is var s and not ("succeeded" or "failed" or "stopped") &&
                StuckStart(world, slot.Name, s!, t.GetProperty("createdAt").GetDateTimeOffset()) is null) // nothing will move that one: the final checks report it
                return $"{life.Name} is still {s}";
        using (var c = world.OpenDatabase())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT count(*) FROM outbox WHERE delivered_at IS NULL";
            if (cmd.ExecuteScalar() is long n && n > 0) return $"{n} notification(s) not delivered";
        }
        var runners = RemovalCheck.Runners(world);
        return runners.Count > 0 ? $"{runners.Count} runner(s) still alive: {string.Join("; ", runners)}" : null;
    }
}
