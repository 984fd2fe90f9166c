using System.Text.Json;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Harness;

/// <summary>Watches <c>list --all --json</c> while the run goes on: a task whose last command left it final (a stop,
/// or a success nobody touched since) must stay exactly that — a final state never changes by itself — and a removed
/// name must not come back. Only tasks with no command in flight during the whole observation are judged. Each time it
/// also looks for processes that carry an attempt's marker and are not that attempt's (<see cref="MarkerWatch"/>).</summary>
public sealed class StateMonitor(World world, Tally tally, Slot[] slots)
{
    private readonly Dictionary<Incarnation, (int Version, string State)> _settled = [];
    private readonly HashSet<(Incarnation?, int, string)> _reported = [];
    private readonly MarkerWatch _markers = new(world, tally);
    private readonly CancellationTokenSource _stop = new();
    private Task _watching = Task.CompletedTask;

    public int Observations { get; private set; }

    /// <summary>Observes every second until <see cref="StopAsync"/>.</summary>
    public void Start() => _watching = RunAsync(_stop.Token);

    /// <summary>Stops watching, then observes once more.</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        await _watching;
        await ObserveOnceAsync();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await ObserveOnceAsync();
            try { await Task.Delay(1000, stop); } catch (OperationCanceledException) { return; }
        }
    }

    public async Task ObserveOnceAsync()
    {
        var before = slots.Select(s => (s, s.Current, s.Current?.Snapshot())).ToList();
        var r = await world.Shepherd("list", "--all", "--json");
        if (r.Killed) return; // a simulated reboot
        if (!r.Ok)
        {
            tally.Add(Breach.Other, $"list --all --json failed: {r.OneLine}");
            return;
        }
        Observations++;
        var listed = JsonDocument.Parse(r.Stdout).RootElement.EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("state").GetString()!);
        _markers.Observe(slots);
        foreach (var (slot, life, snap) in before)
        {
            var seen = listed.GetValueOrDefault(slot.Name);
            if (life is { Parent: not null, Created: false } && seen is not null) Resolve(world, life);
            if (life is null || snap is not { } s)
            {
                if (seen is not null && slot.Current is null && !slot.Lives.Any(l => l.Snapshot().InFlight))
                    Report(null, slot.Lives.Count, Breach.Escaped, $"{slot.Name}: removed, yet listed again as {seen}");
                continue;
            }
            var after = life.Snapshot();
            if (after.Version != s.Version || s.InFlight || !ReferenceEquals(slot.Current, life)) continue;
            Judge(life, s.Version, s.Expect, s.Final, seen);
        }
    }

    private void Judge(Incarnation life, int version, Expect expect, string? final, string? seen)
    {
        if (expect == Expect.Gone) return;
        if (seen is null)
        {
            if (life.Created) Report(life, version, Breach.Lost, $"{life.Name}: vanished from list --all (expected {expect})");
            return;
        }
        if (expect == Expect.StaysFinal && seen != final)
        {
            Report(life, version, Breach.Lost, $"{life.Name}: was {final} after its last command, now {seen} with no command since");
            return;
        }
        if (seen is not ("succeeded" or "failed" or "stopped")) return;
        if (_settled.TryGetValue(life, out var first) && first.Version == version)
        {
            if (first.State != seen)
                Report(life, version, Breach.Lost, $"{life.Name}: became {first.State}, then {seen} with no command since");
            return;
        }
        _settled[life] = (version, seen);
    }

    /// <summary>A child an orchestrating agent started, once it exists: its task id, and from then on it must not vanish.</summary>
    public static void Resolve(World world, Incarnation child)
    {
        child.TaskId ??= world.TaskId(child.Name);
        child.Created = child.TaskId is not null;
    }

    /// <summary>One breach per task, command and kind of finding, however many observations repeat it.</summary>
    private void Report(Incarnation? life, int version, Breach kind, string what)
    {
        if (!_reported.Add((life, version, kind.ToString()))) return;
        tally.Add(kind, what);
        life?.Note("monitor: " + what);
    }
}
