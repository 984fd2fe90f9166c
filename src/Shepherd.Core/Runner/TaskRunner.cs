using System.Runtime.InteropServices;
using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>The process inside the tmux pane: owns the agent, records every attempt, and resumes it by
/// its session id per the restart policy until the task is final. Only the holder of the task's runner
/// lock ever launches an agent.</summary>
public sealed class TaskRunner(
    ShepherdHome home, TaskStore store, AgentRegistry agents, IProcessLauncher launcher, TimeProvider clock,
    RunnerOptions options, Stream pane, Action<TaskRecord> onFinal)
{
    private readonly ShepherdHome _home = home;
    private readonly TaskStore _store = store;
    private readonly AgentRegistry _agents = agents;
    private readonly TimeProvider _clock = clock;
    private readonly RunnerOptions _options = options;

    public async Task<int> RunAsync(long taskId)
    {
        var task = _store.GetTask(taskId);
        if (task is null) { Console.Error.WriteLine($"shepherd runner: task {taskId} does not exist"); return 1; }
        using var runnerLock = await AcquireLockAsync(_home.RunnerLock(task.Name));
        if (runnerLock is null)
        {
            Console.Error.WriteLine($"shepherd runner: another runner owns task '{task.Name}'");
            return 0;
        }
        var bootId = BootId.Current();
        _store.SetRunner(taskId, ProcessInfo.CurrentPid, ProcessInfo.StartTicks(ProcessInfo.CurrentPid) ?? 0, bootId);
        using var sinks = new OutputSinks(pane, _home.LogFile(task.Name));
        var run = new AgentRun(_store, launcher, _clock, _options, sinks);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; run.ForwardSignal(Signals.SIGTERM); });
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => { c.Cancel = true; run.ForwardSignal(Signals.SIGHUP); });
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            c.Cancel = true; // Ctrl-C in an attached pane: the user means stop
            _store.RequestStop(taskId);
            run.ForwardSignal(Signals.SIGINT);
        });

        ReapLostAttempt(task, sinks);
        await new RunLoop(this, run, sinks, bootId).RunAsync(taskId);
        task = _store.GetTask(taskId)!;
        if (task.IsFinal) Finish(task, sinks);
        return 0;
    }

    private async Task<FileLock?> AcquireLockAsync(string path)
    {
        var until = _clock.GetUtcNow() + _options.LockWait;
        while (true)
        {
            var l = FileLock.TryAcquire(path);
            if (l is not null || _clock.GetUtcNow() >= until) return l;
            await Task.Delay(TimeSpan.FromMilliseconds(50), _clock);
        }
    }

    /// <summary>A previous runner died during an attempt: end what is left of its agent (checked by pid,
    /// start time and boot id, never by pid alone) and record the attempt as lost.</summary>
    private void ReapLostAttempt(TaskRecord task, OutputSinks sinks)
    {
        var last = _store.LastAttempt(task.Id);
        if (last is null || last.EndedAt is not null) return;
        if (last.Pid is { } pid && last.PidStartTicks is { } ticks && last.BootId == BootId.Current() && ProcessInfo.IsSame(pid, ticks))
        {
            sinks.WriteLine($"[shepherd] ending agent process group {pid} left by a lost runner");
            ProcessInfo.SignalGroup(pid, Signals.SIGTERM);
            for (var i = 0; i < 30 && ProcessInfo.GroupExists(pid); i++) Thread.Sleep(100);
            ProcessInfo.SignalGroup(pid, Signals.SIGKILL);
        }
        var why = last.BootId != BootId.Current() ? "machine rebooted" : "runner lost";
        _store.EndAttempt(last.Id, null, Outcome.Lost, why);
    }

    private void Finish(TaskRecord task, OutputSinks sinks)
    {
        try { ShepherdHome.WritePrivateFile(_home.DoneFile(task.Name), Encoding.UTF8.GetBytes(task.State + "\n")); }
        catch (IOException) { /* rm raced us */ }
        onFinal(task);
        sinks.WriteLine(task.Reason is null ? $"__TASK_DONE__ {task.State}" : $"__TASK_DONE__ {task.State}: {task.Reason}");
    }

    /// <summary>The attempt loop, apart so that the runner's setup stays readable.</summary>
    private sealed class RunLoop(TaskRunner r, AgentRun run, OutputSinks sinks, string bootId)
    {
        private static readonly string[] Runnable = [TaskState.Starting, TaskState.Backoff, TaskState.Running];

        public async Task RunAsync(long taskId)
        {
            while (true)
            {
                var task = r._store.GetTask(taskId);
                if (task is null || task.IsFinal) return;
                if (task.StopRequested) { r._store.TryFinish(taskId, Runnable, TaskState.Stopped, "stopped by user"); continue; }
                var now = r._clock.GetUtcNow();
                if (now - task.CreatedAt >= task.Policy.MaxRuntime)
                {
                    r._store.TryFinish(taskId, Runnable, TaskState.Failed, $"max runtime reached ({Duration.Format(task.Policy.MaxRuntime)})");
                    continue;
                }
                if (task.State == TaskState.Backoff && task.NextAttemptAt > now)
                {
                    await Task.Delay(r._options.PollInterval, r._clock);
                    continue;
                }
                if (!await RunAttemptAsync(task)) return;
            }
        }

        /// <returns>False when the runner must exit and leave the task to recover (it was signalled).</returns>
        private async Task<bool> RunAttemptAsync(TaskRecord task)
        {
            var adapter = r._agents.Get(task.Agent);
            var env = TaskEnvironment.Load(r._home.EnvFile(task.Name));
            var ctx = new AgentContext(task, r._home.TaskDir(task.Name), File.ReadAllBytes(r._home.PromptFile(task.Name)));
            var resume = task.AgentSessionId is { } sid && adapter.CanResume(ctx, sid);
            var launch = resume
                ? adapter.Resume(ctx, task.AgentSessionId!, task.ResumePrompt ?? r._options.ContinuePrompt)
                : adapter.Start(ctx);
            var exe = AgentRegistry.FindExecutable(task.Agent, env);
            if (exe is null)
            {
                r._store.TryFinish(task.Id, Runnable, TaskState.Failed, $"agent binary missing: {task.Agent} not found ({AgentRegistry.BinaryVariable(task.Agent)} or PATH)");
                return true;
            }
            var attempt = r._store.TryBeginAttempt(task.Id, Runnable, resume ? "resume" : "start",
                resume ? task.AgentSessionId : null, launch.Arguments, bootId);
            if (attempt is null) return true; // someone else changed the task (a stop): look again
            if (task.ResumePrompt is not null) r._store.ClearResumePrompt(task.Id);
            sinks.WriteLine(resume
                ? $"[shepherd] attempt {attempt.Number}: resuming {task.Agent} session {task.AgentSessionId}"
                : $"[shepherd] attempt {attempt.Number}: starting {task.Agent}");
            var spec = new LaunchSpec(exe, launch.Arguments, WithPwd(env, task.ProjectDir), task.ProjectDir, launch.Stdin);

            AttemptResult result;
            try { result = await run.ExecuteAsync(task, attempt, spec, adapter.NewParser(ctx)); }
            catch (IOException e)
            {
                r._store.EndAttempt(attempt.Id, null, Outcome.NonRetryable, e.Message);
                r._store.TryFinish(task.Id, Runnable, TaskState.Failed, $"cannot start the agent: {e.Message}");
                return true;
            }
            if (result.Facts.SessionId is null && adapter.FindSessionId(ctx, exe, env) is { } found)
            {
                result.Facts.SessionId = found;
                r._store.SetAgentSessionId(task.Id, attempt.Id, found);
                sinks.WriteLine($"[shepherd] session id {found} found in {task.Agent}'s own records");
            }
            return Conclude(task, attempt, result);
        }

        private bool Conclude(TaskRecord task, AttemptRecord attempt, AttemptResult result)
        {
            var stopRequested = r._store.GetTask(task.Id)?.StopRequested ?? true;
            var outcome = stopRequested ? new Outcome(Outcome.Stopped, "stopped by user")
                : result.MaxRuntimeReached ? new Outcome(Outcome.NonRetryable, $"max runtime reached ({Duration.Format(task.Policy.MaxRuntime)})")
                : ExitClassifier.Classify(result.Exit, result.Facts);
            r._store.EndAttempt(attempt.Id, result.Exit, outcome.Kind, outcome.Detail);
            sinks.WriteLine($"[shepherd] attempt {attempt.Number} ended: {result.Exit} → {outcome.Kind} ({outcome.Detail})");
            string[] from = [TaskState.Running];
            switch (outcome.Kind)
            {
                case Outcome.Stopped:
                    r._store.TryFinish(task.Id, from, TaskState.Stopped, "stopped by user");
                    return true;
                case Outcome.Succeeded:
                    r._store.TryFinish(task.Id, from, TaskState.Succeeded, null);
                    return true;
                case Outcome.NonRetryable:
                    r._store.TryFinish(task.Id, from, TaskState.Failed, outcome.Detail);
                    return true;
            }
            if (result.RunnerSignal is { } sig)
            {
                // The runner itself is being ended (tmux killed, kill): leave the task for recover.
                r._store.TryTransition(task.Id, from, TaskState.Backoff, $"runner got {Signals.Name(sig)}", r._clock.GetUtcNow());
                return false;
            }
            var runs = r._store.ListAttempts(task.Id)
                .Where(a => a.EndedAt is not null && a.Outcome is Outcome.Retryable or Outcome.Lost)
                .Select(a => new RunSpan(a.StartedAt, a.EndedAt!.Value)).ToList();
            var decision = RestartDecider.Decide(runs, task.CreatedAt, r._clock.GetUtcNow(), task.Policy, outcome.RetryAfter, Random.Shared.NextDouble());
            if (decision is RestartDecision.GiveUp g)
            {
                r._store.TryFinish(task.Id, from, TaskState.Failed, g.Reason);
                return true;
            }
            var when = ((RestartDecision.ResumeAt)decision).When;
            r._store.TryTransition(task.Id, from, TaskState.Backoff, outcome.Detail, when);
            sinks.WriteLine($"[shepherd] resuming in {Duration.Format(when - r._clock.GetUtcNow())}");
            return true;
        }

        private static Dictionary<string, string> WithPwd(Dictionary<string, string> env, string dir)
        {
            env["PWD"] = dir;
            return env;
        }
    }
}
