namespace Shepherd.Platform;

/// <summary>Seam for starting an agent process in a session (and process group) of its own.</summary>
public interface IProcessLauncher
{
    IChildProcess Start(LaunchSpec spec);
}

/// <summary>A started child: its pid (also its process group id), its output, and its end.</summary>
public interface IChildProcess : IDisposable
{
    int Pid { get; }
    long StartTicks { get; }
    Stream StandardOutput { get; }
    Stream StandardError { get; }
    Task<ExitStatus> Exited { get; }
}
