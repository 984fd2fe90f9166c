namespace Shepherd.Chaos.Support;

/// <summary>Where the binaries under test are: the shepherd CLI (SHEPHERD_TEST_BIN, e.g. the NativeAOT publish, else
/// the debug build) and the fake agent.</summary>
public static class Paths
{
    public static string Root { get; } = FindRoot();

    public static string Shepherd => Environment.GetEnvironmentVariable("SHEPHERD_TEST_BIN") is { Length: > 0 } b
        ? b : Path.Combine(Root, "artifacts", "bin", "Shepherd.Cli", Configuration, "shepherd");

    public static string FakeAgent => Path.Combine(Root, "artifacts", "bin", "Shepherd.FakeAgent", Configuration, "fake-agent");

    private static string Configuration => AppContext.BaseDirectory.Contains("/release") ? "release" : "debug";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Shepherd.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (Shepherd.slnx)");
    }
}
