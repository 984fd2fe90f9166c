namespace Shepherd.Platform;

/// <summary>A child started by <see cref="PosixProcessLauncher"/>; a dedicated thread waits for it.</summary>
internal sealed unsafe class ChildProcess : IChildProcess
{
    private readonly TaskCompletionSource<ExitStatus> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChildProcess(int pid, long startTicks, Stream stdout, Stream stderr)
    {
        Pid = pid;
        StartTicks = startTicks;
        StandardOutput = stdout;
        StandardError = stderr;
        new Thread(Wait) { IsBackground = true, Name = $"waitpid {pid}" }.Start();
    }

    public int Pid { get; }
    public long StartTicks { get; }
    public Stream StandardOutput { get; }
    public Stream StandardError { get; }
    public Task<ExitStatus> Exited => _exited.Task;

    private void Wait()
    {
        int status;
        while (true)
        {
            var rc = Libc.waitpid(Pid, &status, 0);
            if (rc == Pid) { _exited.TrySetResult(ExitStatus.FromWaitStatus(status)); return; }
            if (rc < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
            _exited.TrySetException(new IOException($"waitpid({Pid}) failed"));
            return;
        }
    }

    public void Dispose()
    {
        StandardOutput.Dispose();
        StandardError.Dispose();
    }
}
