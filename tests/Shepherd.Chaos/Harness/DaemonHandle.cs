using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Harness;

/// <summary>The run's <c>shepherd daemon</c>: started, killed with SIGKILL, restarted and stopped by the harness. Its
/// output goes to daemon.log; a daemon that ends without being told to is reported.</summary>
public sealed class DaemonHandle(World world)
{
    private readonly Lock _lock = new();
    private Launched? _current;
    private Task? _watch;
    private bool _ending;

    public List<string> UnexpectedExits { get; } = [];
    public int Starts { get; private set; }

    public bool Running
    {
        get { lock (_lock) return _current is { HasExited: false }; }
    }

    public void Start()
    {
        lock (_lock)
        {
            if (_current is { HasExited: false }) return;
            _ending = false;
            var l = world.Launch([Paths.Shepherd, "daemon"]);
            _current = l;
            Starts++;
            _watch = Watch(l);
        }
    }

    /// <summary>SIGKILL: the daemon dies mid-pass, as in an OOM kill.</summary>
    public async Task KillAsync()
    {
        Task? watch;
        lock (_lock)
        {
            if (_current is null) return;
            _ending = true;
            _current.Kill();
            watch = _watch;
        }
        if (watch is not null) await watch;
    }

    /// <summary>SIGTERM, as systemd stops it; SIGKILL after 15 s.</summary>
    public async Task StopAsync()
    {
        Task? watch;
        lock (_lock)
        {
            if (_current is null) return;
            _ending = true;
            Native.Kill(_current.Pid, Native.SIGTERM);
            watch = _watch;
        }
        if (watch is not null && await Task.WhenAny(watch, Task.Delay(15_000)) != watch)
        {
            lock (_lock) _current?.Kill();
            await watch;
        }
    }

    private async Task Watch(Launched l)
    {
        var r = await world.WaitAsync(l, TimeSpan.FromDays(1));
        var log = Path.Combine(world.Dir, "daemon.log");
        await File.AppendAllTextAsync(log, $"--- daemon pid {l.Pid}: {(r.Killed ? "killed" : $"exit {r.ExitCode}")}\n{r.Stdout}{r.Stderr}");
        lock (_lock)
        {
            if (!_ending) UnexpectedExits.Add($"the daemon (pid {l.Pid}) ended by itself: {r.OneLine}");
            if (ReferenceEquals(_current, l)) _current = null;
        }
    }
}
