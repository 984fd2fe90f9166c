using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Scenarios;

namespace Shepherd.Chaos;

/// <summary>The harness's own command line (see Program.cs).</summary>
public static class Cli
{
    private static int _passed, _failed;

    public static async Task<int> MainAsync(string[] args)
    {
        try
        {
            var o = Options.Parse(args[1..]);
            var rows = new List<Tally>();
            if (args[0] is "run" or "report") rows.Add(await Seeds(o));
            if (args[0] is "scenario" or "report")
                foreach (var s in ScenarioCatalog.All.Where(s => o.Names.Count == 0 || o.Names.Contains(s.Name)))
                {
                    Console.WriteLine($"== {s.Name}");
                    var t = await s.RunAsync(Console.Out);
                    Console.WriteLine(t.Describe());
                    rows.Add(t);
                }
            if (args[0] == "report")
            {
                var table = ReliabilityTable.Render(rows, string.Join(' ', ["artifacts/bin/Shepherd.Chaos/debug/Shepherd.Chaos", .. args]));
                if (o.Out is { } file) await File.WriteAllTextAsync(file, ReliabilityTable.Splice(File.Exists(file) ? await File.ReadAllTextAsync(file) : null, table));
                else Console.Write(table);
            }
            var clean = rows.All(r => r.CleanButKnown);
            Console.WriteLine(rows.All(r => r.Clean) ? "chaos: every invariant held"
                : clean ? "chaos: only breaches of bugs already reported (marked 'known bug' above)" : "chaos: invariants broken (see above)");
            // Like ./test.sh, the last line counts: each seed and each scenario passes (nothing new) or fails.
            var scenarios = rows.Skip(args[0] == "scenario" ? 0 : 1).ToList();
            Console.WriteLine($"{_passed + scenarios.Count(r => r.CleanButKnown)} passed, {_failed + scenarios.Count(r => !r.CleanButKnown)} failed, 0 skipped");
            return clean ? 0 : 1;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"chaos: {e.Message}");
            return 2;
        }
    }

    /// <summary>One seed, or many until the count or the time is reached; a seed that fails prints itself.</summary>
    private static async Task<Tally> Seeds(Options o)
    {
        var profile = Profile.Named(o.Profile);
        var total = new Tally($"random schedule ({profile.Name})");
        var until = o.Minutes is { } m ? DateTime.UtcNow.AddMinutes(m) : DateTime.MaxValue;
        var seed = o.Seed ?? Random.Shared.Next(1, 1_000_000);
        for (var i = 0; i < o.SeedCount || (o.Minutes is not null && DateTime.UtcNow < until); i++, seed++)
        {
            if (o.Minutes is not null && DateTime.UtcNow >= until) break;
            var one = await new ChaosRun(seed, profile, Console.Out).RunAsync();
            if (one.CleanButKnown) _passed++;
            else _failed++;
            total.Merge(one);
        }
        Console.WriteLine(total.Describe());
        return total;
    }

    private sealed record Options(int? Seed, string Profile, int SeedCount, double? Minutes, string? Out, List<string> Names)
    {
        public static Options Parse(string[] a)
        {
            int? seed = null; var profile = "fast"; var count = 1; double? minutes = null; string? output = null; var names = new List<string>();
            for (var i = 0; i < a.Length; i++)
            {
                string Value() => i + 1 < a.Length ? a[++i] : throw new ArgumentException($"{a[i]} needs a value");
                switch (a[i])
                {
                    case "--seed": seed = int.Parse(Value()); break;
                    case "--profile": profile = Value(); break;
                    case "--seeds": count = int.Parse(Value()); break;
                    case "--minutes": minutes = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); count = 0; break;
                    case "--out": output = Value(); break;
                    default:
                        if (a[i].StartsWith("--")) throw new ArgumentException($"unknown option {a[i]}");
                        names.Add(a[i]);
                        break;
                }
            }
            return new Options(seed, profile, count, minutes, output, names);
        }
    }
}
