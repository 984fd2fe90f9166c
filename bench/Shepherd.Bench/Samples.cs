using System.Globalization;

namespace Shepherd.Bench;

/// <summary>Repeated measurements of one quantity: shown as "median (min–max, n=N)".</summary>
internal sealed class Samples
{
    private readonly List<double> _sorted;

    public Samples(IEnumerable<double> values)
    {
        _sorted = values.Order().ToList();
        if (_sorted.Count == 0) throw new InvalidOperationException("no samples");
    }

    public IReadOnlyList<double> Values => _sorted;
    public int Count => _sorted.Count;
    public double Min => _sorted[0];
    public double Max => _sorted[^1];
    public double Median => Count % 2 == 1 ? _sorted[Count / 2] : (_sorted[Count / 2 - 1] + _sorted[Count / 2]) / 2;

    public string Format(Func<double, string> one) =>
        Count == 1 ? one(Median) : $"{one(Median)} ({one(Min)}–{one(Max)}, n={Count})";

    public static string Ms(double ms) => ms < 10 ? F(ms, "0.0") + " ms" : F(ms, "0") + " ms";
    public static string Sec(double s) => s < 10 ? F(s, "0.00") + " s" : F(s, "0.0") + " s";
    public static string Percent(double p) => p < 1 ? F(p, "0.00") + " %" : F(p, "0.0") + " %";
    public static string MBps(double v) => F(v, v < 10 ? "0.0" : "0") + " MB/s";
    public static string MiB(double v) => F(v, "0.0") + " MiB";
    public static string Ratio(double r) => r < 0.1 ? "1/" + F(TwoDigits(1 / r), "0") : F(r, r < 10 ? "0.00" : "0.0") + "×";

    private static double TwoDigits(double v) => Math.Pow(10, Math.Floor(Math.Log10(v)) - 1) is var unit && v >= 100 ? Math.Round(v / unit) * unit : Math.Round(v);

    public static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
