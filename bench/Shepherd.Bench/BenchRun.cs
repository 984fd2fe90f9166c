namespace Shepherd.Bench;

/// <summary>One bench run: its options, its report, and fresh sandboxes for the figures.</summary>
internal sealed class BenchRun(BenchOptions options, Report report)
{
    public BenchOptions Options => options;
    public Report Report => report;

    public Sandbox NewSandbox(TimeSpan budget) => new(options, new Deadline(budget), report);

    /// <summary>Runs one part of a figure; its failure becomes a reason in the table instead of ending the figure.</summary>
    public T? Part<T>(string what, Func<T> measure, out string? error) where T : class
    {
        try
        {
            error = null;
            return measure();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = e is TimeoutException or InvalidOperationException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            report.Note($"{what} not measured: {error}");
            return null;
        }
    }
}
