// The bench behind ./bench.sh: Shepherd's figures that decide whether it can carry a hundred agents on one machine,
// each next to a baseline measured in the same run (the seed's shell/tmux recipe, raw tmux, cat), as one Markdown table.
// Usage: see BenchOptions.Usage. Progress goes to stderr, the table to stdout (and to --out FILE).
using System.Diagnostics;
using Shepherd.Bench;

var root = RepoRoot();
var options = BenchOptions.Parse(args, root);
if (options is null) return 2;
Environment.SetEnvironmentVariable("TMUX", null);
Environment.SetEnvironmentVariable("TMUX_PANE", null);

IFigure[] figures = [new DaemonCpuFigure(), new KillServerFigure(), new OutputFigure(), new LineOutputFigure(), new ListFigure(), new CrashFigure(), new RunnerRssFigure(), new StartFigure(), new WebFigure()];
var report = new Report();
var run = new BenchRun(options, report);
var header = new List<string>
{
    $"- date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; shepherd: `{Path.GetRelativePath(root, options.Shepherd)}` (repository at {Machine.Commit(root)})",
    $"- machine: {Machine.Describe()}",
    $"- load average (1/5/15 min) at the start: {Posix.LoadAverage()}",
};
foreach (var line in header) Console.Error.WriteLine(line);
var total = Stopwatch.StartNew();
var loads = new List<string>();
foreach (var figure in figures.Where(f => options.Only.Contains(f.Key)))
{
    loads.Add($"{figure.Key} {Posix.LoadAverage().Split(' ')[0]}");
    Console.Error.WriteLine($"== {figure.Key} (load {Posix.LoadAverage()})");
    var sw = Stopwatch.StartNew();
    try { figure.Run(run); }
    catch (Exception e) when (e is not OutOfMemoryException)
    {
        var why = e is TimeoutException or InvalidOperationException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        report.Add(Row.Failed(figure.Title(options), figure.Goal, why));
        report.Note($"{figure.Key} not measured: {why}");
    }
    Console.Error.WriteLine($"   {figure.Key}: {sw.Elapsed.TotalSeconds:0} s");
}
header.Add($"- load average at the end: {Posix.LoadAverage()}; as each figure began (1 min): {string.Join(", ", loads)}");
header.Add($"- the run took {total.Elapsed.TotalMinutes:0.0} min{(options.Quick ? " (--quick)" : "")}");
header.Add($"- command: `./bench.sh{(args.Length > 0 ? " " + string.Join(' ', args) : "")}`");

var table = new StringWriter();
foreach (var line in header) table.WriteLine(line);
table.WriteLine();
report.Print(table);
Console.WriteLine();
Console.Write(table);
if (options.OutFile is { } file) File.WriteAllText(file, table.ToString());
return report.AnyNotMeasured ? 1 : 0;

static string RepoRoot()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "Shepherd.slnx"))) return d.FullName;
    throw new InvalidOperationException("run from the repository (./bench.sh)");
}
