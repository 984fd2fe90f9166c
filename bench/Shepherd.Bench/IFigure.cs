namespace Shepherd.Bench;

/// <summary>One measured figure: it adds its rows (and notes) to the run's report.</summary>
internal interface IFigure
{
    /// <summary>The name <c>--only</c> selects it by.</summary>
    string Key { get; }

    /// <summary>Its row, for the table when the figure fails as a whole.</summary>
    string Title(BenchOptions options);

    string Goal { get; }

    void Run(BenchRun run);
}
