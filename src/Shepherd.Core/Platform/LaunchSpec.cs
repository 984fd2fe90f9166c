namespace Shepherd.Platform;

/// <summary>What to run: an absolute executable, its argv (without argv[0]), the environment, the
/// working directory, the bytes to feed on stdin (null: stdin is /dev/null), and a descriptor to give the child as its
/// stdout (null: a pipe, read through <see cref="IChildProcess.StandardOutput"/>).</summary>
public sealed record LaunchSpec(
    string Executable,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    byte[]? Stdin,
    int? StdoutFd = null);
