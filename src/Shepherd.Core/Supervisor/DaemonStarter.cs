using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Store;

namespace Shepherd.Supervisor;

/// <summary>Nobody should have to remember the daemon: <c>start</c> launches one when none holds the daemon lock
/// (a systemd-managed one counts). It runs detached in a session of its own, outside tmux, logs to
/// <c>$SHEPHERD_HOME/daemon.log</c> (rotated) and exits once no unfinished task and no undelivered notification was left for
/// <see cref="IdleExit"/>. Off with <c>auto_daemon = false</c> or <c>SHEPHERD_NO_AUTO_DAEMON=1</c>.</summary>
public static class DaemonStarter
{
    public static readonly TimeSpan IdleExit = TimeSpan.FromMinutes(10);

    public static bool Disabled(bool configAutoDaemon) =>
        !configAutoDaemon || Environment.GetEnvironmentVariable("SHEPHERD_NO_AUTO_DAEMON") is "1" or "true";

    /// <summary>Launches a daemon unless one runs; returns its pid, or null when one was already running.</summary>
    public static int? EnsureRunning(ShepherdHome home)
    {
        if (FileLock.IsHeld(home.DaemonLock)) return null;
        var self = RunnerLauncher.SelfCommand();
        return PosixProcessLauncher.StartDetached(self[0],
            [.. self.Skip(1), "daemon", "--log", home.DaemonLog, "--exit-when-idle", $"{(int)IdleExit.TotalSeconds}s"],
            TaskEnvironment.Current());
    }

    /// <summary>The systemd user unit <c>daemon --install</c> writes; without it, a reboot needs a <c>recover</c>.</summary>
    public static string UnitPath()
    {
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } x ? x
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "systemd", "user", "shepherd.service");
    }
}
