namespace Shepherd.Bench;

/// <summary>What to measure and against which binary: <c>[--quick] [--only a,b] [--fake PATH] [--out FILE] [SHEPHERD]</c>.</summary>
internal sealed class BenchOptions
{
    public static readonly string[] Figures = ["daemon", "kill-server", "output", "lines", "list", "crash", "rss", "start", "web"];

    public required string Shepherd { get; init; }
    public required string FakeAgent { get; init; }
    public bool Quick { get; init; }
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>(Figures);
    public string? OutFile { get; init; }

    public int DaemonTasks => 100;
    public TimeSpan DaemonWindow => TimeSpan.FromSeconds(Quick ? 10 : 30);
    public int KillServerTasks => 50;
    public int KillServerRuns => Quick ? 1 : 3;
    public long OutputBytes => Quick ? 200_000_000 : 1_000_000_000;
    public int OutputRuns => Quick ? 1 : 3;
    public int ListRuns => Quick ? 10 : 20;
    public int CrashRuns => Quick ? 5 : 10;
    public int SeedCrashRuns => Quick ? 3 : 5;
    public int StartRuns => Quick ? 5 : 10;

    public static string Usage => $"""
        usage: ./bench.sh [--quick] [--only FIGURE[,FIGURE...]] [--out FILE] [--no-build] [SHEPHERD_BINARY]
          figures: {string.Join(", ", Figures)}
          --quick    shorter windows, fewer runs, 200 MB instead of 1 GB of output
          --out      also write the table (Markdown) to FILE
          default binary: artifacts/aot/shepherd (NativeAOT, as install.sh ships it)
        """;

    /// <summary>Parses the arguments; null (after printing why) when they are wrong.</summary>
    public static BenchOptions? Parse(string[] args, string repoRoot)
    {
        string? shepherd = null, fake = null, outFile = null;
        var quick = false;
        HashSet<string>? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length && args[i + 1].Length > 0 ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--quick": quick = true; break;
                    case "--only":
                        only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
                        if (only.FirstOrDefault(f => !Figures.Contains(f)) is { } bad) throw new ArgumentException($"no figure named '{bad}'");
                        break;
                    case "--fake": fake = Value(); break;
                    case "--out": outFile = Value(); break;
                    case "-h" or "--help": Console.WriteLine(Usage); return null;
                    default:
                        if (args[i].StartsWith('-') || shepherd is not null) throw new ArgumentException($"unexpected argument '{args[i]}'");
                        shepherd = args[i];
                        break;
                }
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"bench: {e.Message}\n{Usage}");
                return null;
            }
        }
        var options = new BenchOptions
        {
            Shepherd = Path.GetFullPath(shepherd ?? Path.Combine(repoRoot, "artifacts", "aot", "shepherd")),
            FakeAgent = Path.GetFullPath(fake ?? Path.Combine(repoRoot, "artifacts", "bench", "fake-agent", "fake-agent")),
            Quick = quick, Only = only ?? new HashSet<string>(Figures), OutFile = outFile,
        };
        foreach (var f in new[] { options.Shepherd, options.FakeAgent })
            if (!File.Exists(f))
            {
                Console.Error.WriteLine($"bench: {f} does not exist (./bench.sh without --no-build builds the default ones)");
                return null;
            }
        return options;
    }
}
