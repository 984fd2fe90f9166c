using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>The last attempt ended without showing its session id (OpenCode killed before its first event): the agent's
/// own session list is asked before deciding between resume and start. It runs as a process of its own beside the loop,
/// so it races the inbox: a signal, or an intent that changed the task (a stop), ends it at once, and the loop decides
/// again before any launch.</summary>
internal sealed class SessionLookup : IRunnerActivity
{
    private const int MaxOutput = 16 * 1024 * 1024;

    private readonly RunnerContext _rc;
    private readonly TaskRecord _task;
    private readonly AttemptRecord _previous;
    private readonly IAgentAdapter _adapter;
    private readonly AgentContext _ctx;
    private readonly IChildProcess? _child;
    private readonly Task<string>? _output;
    private readonly long _started;
    private bool _exited;

    public SessionLookup(RunnerContext rc, TaskRecord task, AttemptRecord previous, IAgentAdapter adapter, AgentContext ctx, string exe,
        IReadOnlyList<string> arguments)
    {
        (_rc, _task, _previous, _adapter, _ctx) = (rc, task, previous, adapter, ctx);
        _started = rc.Clock.GetTimestamp();
        var env = new Dictionary<string, string>(ctx.Environment) { ["PWD"] = task.ProjectDir };
        try { _child = rc.Launcher.Start(new LaunchSpec(exe, arguments, env, task.ProjectDir, null)); }
        catch (IOException)
        {
            (Done, Answered) = (true, true); // no lookup: the loop starts a new conversation
            return;
        }
        var child = _child;
        _output = Task.Run(() => ReadAll(child.StandardOutput));
        _ = Task.Run(() => ReadAll(child.StandardError));
        _ = _output.ContinueWith(_ => rc.Inbox.Post(new RunnerEvent.WorkDone()), TaskScheduler.Default);
        _ = child.Exited.ContinueWith(t => rc.Inbox.Post(new RunnerEvent.ChildExited(child.Pid,
            t.IsCompletedSuccessfully ? t.Result : ExitStatus.Unknown)), TaskScheduler.Default);
    }

    public bool Done { get; private set; }

    /// <summary>False when a signal or an intent ended the lookup before it answered.</summary>
    public bool Answered { get; private set; }

    public bool AttemptOpen => false;
    public bool HoldsIntents => false;

    public TimeSpan? Due => _adapter.SessionListTimeout - _rc.Clock.GetElapsedTime(_started);

    public void OnTimer()
    {
        if (Due > TimeSpan.Zero) return;
        _rc.Output.Note($"[shepherd] {_task.Agent}'s session list did not answer within {Duration.Format(_adapter.SessionListTimeout)}");
        End(answered: true);
    }

    public void OnChildExited(int pid, ExitStatus status)
    {
        if (pid != _child?.Pid) return;
        _exited = true;
        OnWorkDone();
    }

    public void OnWorkDone()
    {
        if (Done || !_exited || _output is not { IsCompleted: true } output) return;
        if (_adapter.PickSession(_ctx, output.Result) is { } found)
        {
            _rc.Store.SetAgentSessionId(_task.Id, _previous.Id, found);
            _rc.Output.Note($"[shepherd] session id {found} found in {_task.Agent}'s own records");
        }
        End(answered: true);
    }

    public void OnSignal(int signal) => End(answered: false);

    public void OnIntentsApplied(TaskRecord task) => End(answered: false);

    private void End(bool answered)
    {
        if (Done) return;
        (Done, Answered) = (true, answered);
        if (_child is null) return;
        if (!_exited) ProcessInfo.SignalGroup(_child.Pid, Signals.SIGKILL);
        _child.Dispose();
    }

    private static string ReadAll(Stream s)
    {
        using var reader = new StreamReader(s);
        var buffer = new char[64 * 1024];
        var text = new System.Text.StringBuilder();
        int n;
        try
        {
            while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
                if (text.Length < MaxOutput) text.Append(buffer, 0, n);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
        return text.ToString();
    }
}
