using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>One attempt: starts the agent in its own process group, streams its output, stores the session
/// id the moment it appears, and waits for its exit, the max runtime, or a signal to the runner.</summary>
public sealed class AgentRun(TaskStore store, IProcessLauncher launcher, TimeProvider clock, RunnerOptions options, OutputSinks sinks)
{
    private volatile int _runnerSignal;
    private IChildProcess? _child;

    /// <summary>Passes a signal the runner received to the agent's whole process group.</summary>
    public void ForwardSignal(int signal)
    {
        _runnerSignal = signal;
        if (_child is { } c) ProcessInfo.SignalGroup(c.Pid, signal);
    }

    public async Task<AttemptResult> ExecuteAsync(TaskRecord task, AttemptRecord attempt, LaunchSpec spec, AgentOutputParser parser)
    {
        var lastTouch = DateTimeOffset.MinValue;
        var gate = new Lock();
        void OnLine(string line, bool stderr)
        {
            string? newId;
            lock (gate) newId = parser.OnLine(line, stderr);
            if (newId is not null) store.SetAgentSessionId(task.Id, attempt.Id, newId);
            var now = clock.GetUtcNow();
            if (now - lastTouch > TimeSpan.FromSeconds(5)) { lastTouch = now; store.TouchOutput(task.Id, now); }
        }

        using var child = launcher.Start(spec);
        _child = child;
        store.SetAttemptProcess(attempt.Id, child.Pid, child.StartTicks);
        if (_runnerSignal != 0) ProcessInfo.SignalGroup(child.Pid, _runnerSignal);
        var pumps = Task.WhenAll(
            new OutputPump(child.StandardOutput, sinks, false, OnLine).RunAsync(),
            new OutputPump(child.StandardError, sinks, true, OnLine).RunAsync());

        var deadline = task.CreatedAt + task.Policy.MaxRuntime;
        var remaining = deadline - clock.GetUtcNow();
        var maxRuntimeReached = false;
        var timer = Task.Delay(TimeSpan.FromTicks(Math.Clamp(remaining.Ticks, 0, TimeSpan.FromDays(30).Ticks)), clock);
        if (await Task.WhenAny(child.Exited, timer) == timer && !child.Exited.IsCompleted)
        {
            maxRuntimeReached = true;
            sinks.WriteLine($"[shepherd] max runtime {Duration.Format(task.Policy.MaxRuntime)} reached: ending the agent");
            await EndGroupAsync(child);
        }
        var exit = await child.Exited;
        // Whatever the agent left in its group (a tool it started) is orphaned work: end it too.
        ProcessInfo.SignalGroup(child.Pid, Signals.SIGKILL);
        await Task.WhenAny(pumps, Task.Delay(TimeSpan.FromSeconds(2), clock));
        _child = null;
        return new AttemptResult(exit, parser.Facts, maxRuntimeReached, _runnerSignal == 0 ? null : _runnerSignal);
    }

    private async Task EndGroupAsync(IChildProcess child)
    {
        ProcessInfo.SignalGroup(child.Pid, Signals.SIGTERM);
        if (await Task.WhenAny(child.Exited, Task.Delay(options.KillGrace, clock)) != child.Exited)
            ProcessInfo.SignalGroup(child.Pid, Signals.SIGKILL);
    }
}
