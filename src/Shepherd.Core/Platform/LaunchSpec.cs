namespace Shepherd.Platform;

/// <summary>What to run: an absolute executable, its argv (without argv[0]), the environment, the
/// working directory, and the bytes to feed on stdin (null: stdin is /dev/null).</summary>
public sealed record LaunchSpec(
    string Executable,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    byte[]? Stdin);
