using Shepherd.Tasks;

namespace Shepherd.Store;

/// <summary>Where Shepherd keeps its state: <c>SHEPHERD_HOME</c>, else <c>$XDG_STATE_HOME/shepherd</c>,
/// else <c>~/.local/state/shepherd</c>. Never /tmp: it must survive a reboot.</summary>
public sealed class ShepherdHome
{
    public const UnixFileMode PrivateDirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public ShepherdHome(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }
    public string Database => Path.Combine(Root, "shepherd.db");
    public string TasksDir => Path.Combine(Root, "tasks");
    public string TaskDir(string name) => Path.Combine(TasksDir, name);
    public string PromptFile(string name) => Path.Combine(TaskDir(name), "prompt");
    public string EnvFile(string name) => Path.Combine(TaskDir(name), "env");
    /// <summary>A custom agent's definition as the task was started with it.</summary>
    public string AgentFile(string name) => Path.Combine(TaskDir(name), "agent.json");
    public string LogFile(string name) => Path.Combine(TaskDir(name), "output.log");
    public string RunnerLock(string name) => Path.Combine(TaskDir(name), "runner.lock");
    /// <summary>Held by whoever puts a runner into the task's tmux session (recovery, resume, a command finishing a task)
    /// from its decision to the end of the launch, and by rm from killing the session to deleting the task: a launch
    /// and a removal never interleave, and two launchers never race to create one session.</summary>
    public string LaunchLock(string name) => Path.Combine(TaskDir(name), "launch.lock");
    public string DoneFile(string name) => Path.Combine(TaskDir(name), "done");

    /// <summary>Writes the task's done file (its final state); a task removed meanwhile, or a full disk, is no error.</summary>
    public void WriteDone(TaskRecord task)
    {
        try { WritePrivateFile(DoneFile(task.Name), System.Text.Encoding.UTF8.GetBytes(task.State.Text() + "\n")); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* rm raced us, or the disk is full */ }
    }
    public string DaemonLock => Path.Combine(Root, "daemon.lock");
    public string CheckLog(string name) => Path.Combine(TaskDir(name), "check.log");
    /// <summary>Written (opened and closed) to wake the daemon: a runner that registered, a new task. The daemon
    /// watches it with inotify.</summary>
    public string WakeFile => Path.Combine(Root, "wake");
    public string DaemonLog => Path.Combine(Root, "daemon.log");
    /// <summary>The running daemon's "pid start-ticks boot-id" (only tests and tools read it: the lock is the proof).</summary>
    public string DaemonPidFile => Path.Combine(Root, "daemon.pid");
    /// <summary>Marks that a one-time hint was shown.</summary>
    public string HintFile(string name) => Path.Combine(Root, $".hint-{name}");

    /// <summary>Wakes the daemon, if one watches; never fails.</summary>
    public void PokeDaemon()
    {
        try { using (new FileStream(WakeFile, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = PrivateFileMode })) { } }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
    /// <summary>A 1 MiB file kept so that, when an agent's log fills the disk, deleting it gives the database room to
    /// record that (and the task's end).</summary>
    public string ReserveFile => Path.Combine(Root, "reserve");

    /// <summary>Creates the reserve when it is missing; best effort (a full disk is when it is missing).</summary>
    public void EnsureReserve()
    {
        if (File.Exists(ReserveFile)) return;
        try { WritePrivateFile(ReserveFile, new byte[1024 * 1024]); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>Deletes the reserve (the disk is full); true when there was one.</summary>
    public bool ReleaseReserve()
    {
        try
        {
            if (!File.Exists(ReserveFile)) return false;
            File.Delete(ReserveFile);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    public static ShepherdHome FromEnvironment()
    {
        var explicitHome = Environment.GetEnvironmentVariable("SHEPHERD_HOME");
        if (!string.IsNullOrEmpty(explicitHome)) return new ShepherdHome(explicitHome);
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state))
            state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return new ShepherdHome(Path.Combine(state, "shepherd"));
    }

    public void EnsureCreated()
    {
        RefuseForeignRoot();
        CreatePrivateDir(Root);
        CreatePrivateDir(TasksDir);
    }

    /// <summary>A state directory another user owns (say <c>sudo shepherd</c> with the user's SHEPHERD_HOME) is refused:
    /// files written there would belong to us, and chmod 0700 would lock its owner out of their own database.</summary>
    private void RefuseForeignRoot()
    {
        if (Platform.Libc.OwnerOf(Root) is not { } owner) return; // not there yet: created by us, so ours
        var us = Platform.Libc.geteuid();
        if (owner != us)
            throw new UsageException($"SHEPHERD_HOME {Printable.Escape(Root)} belongs to another user (uid {owner}, not {us}); use your own state directory");
    }

    public static void CreatePrivateDir(string path)
    {
        Directory.CreateDirectory(path, PrivateDirMode);
        File.SetUnixFileMode(path, PrivateDirMode);
    }

    /// <summary>Writes a 0600 file atomically (temp file, then rename).</summary>
    public static void WritePrivateFile(string path, ReadOnlySpan<byte> content)
    {
        var tmp = path + ".tmp";
        try
        {
            using var fs = new FileStream(tmp, new FileStreamOptions
                { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = PrivateFileMode });
            fs.Write(content);
            fs.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            try { File.Delete(tmp); } catch (IOException) { } // a half-written file would hold on to the space of a full disk
            throw;
        }
        File.SetUnixFileMode(tmp, PrivateFileMode);
        File.Move(tmp, path, overwrite: true);
    }
}
