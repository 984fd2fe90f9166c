using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>The runner's attempt loop: launch (start or resume by id), conclude from the exit, back off or
/// finish, until the task is final or the runner itself is being ended.</summary>
internal sealed class AttemptLoop(
    ShepherdHome home, TaskStore store, AgentRegistry agents, TimeProvider clock, RunnerOptions options,
    AgentRun run, OutputSinks sinks, string bootId)
{
    private static readonly string[] Runnable = [TaskState.Starting, TaskState.Backoff, TaskState.Running];

    public async Task RunAsync(long taskId)
    {
        while (true)
        {
            var task = store.GetTask(taskId);
            if (task is null || task.IsFinal) return;
            if (task.StopRequested) { store.TryFinish(taskId, Runnable, TaskState.Stopped, "stopped by user"); continue; }
            var now = clock.GetUtcNow();
            if (now - task.CreatedAt >= task.Policy.MaxRuntime)
            {
                store.TryFinish(taskId, Runnable, TaskState.Failed, $"max runtime reached ({Duration.Format(task.Policy.MaxRuntime)})");
                continue;
            }
            if (task.State == TaskState.Backoff && task.NextAttemptAt > now)
            {
                await Task.Delay(options.PollInterval, clock);
                continue;
            }
            if (!await RunAttemptAsync(task)) return;
        }
    }

    /// <returns>False when the runner must exit and leave the task to recover (it was signalled).</returns>
    private async Task<bool> RunAttemptAsync(TaskRecord task)
    {
        var adapter = agents.Get(task.Agent);
        if (new[] { home.PromptFile(task.Name), home.EnvFile(task.Name) }.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            // Someone deleted the task's files by hand: nothing can be launched, and retrying would not help.
            store.TryFinish(task.Id, Runnable, TaskState.Failed, $"task file missing: {missing}");
            return true;
        }
        var env = TaskEnvironment.Load(home.EnvFile(task.Name));
        var ctx = new AgentContext(task, home.TaskDir(task.Name), File.ReadAllBytes(home.PromptFile(task.Name)));
        var resume = task.AgentSessionId is { } sid && adapter.CanResume(ctx, sid);
        var launch = resume
            ? adapter.Resume(ctx, task.AgentSessionId!, task.ResumePrompt ?? options.ContinuePrompt)
            : adapter.Start(ctx);
        var exe = AgentRegistry.FindExecutable(task.Agent, env);
        if (exe is null)
        {
            store.TryFinish(task.Id, Runnable, TaskState.Failed, $"agent binary missing: {task.Agent} not found ({AgentRegistry.BinaryVariable(task.Agent)} or PATH)");
            return true;
        }
        var attempt = store.TryBeginAttempt(task.Id, Runnable, resume ? "resume" : "start",
            resume ? task.AgentSessionId : null, launch.Arguments, bootId);
        if (attempt is null) return true; // someone else changed the task (a stop): look again
        if (task.ResumePrompt is not null) store.ClearResumePrompt(task.Id);
        sinks.WriteLine(resume
            ? $"[shepherd] attempt {attempt.Number}: resuming {task.Agent} session {task.AgentSessionId}"
            : $"[shepherd] attempt {attempt.Number}: starting {task.Agent}");
        var spec = new LaunchSpec(exe, launch.Arguments, WithPwd(env, task.ProjectDir), task.ProjectDir, launch.Stdin);

        AttemptResult result;
        try { result = await run.ExecuteAsync(task, attempt, spec, adapter.NewParser(ctx)); }
        catch (IOException e)
        {
            store.EndAttempt(attempt.Id, null, Outcome.NonRetryable, e.Message);
            store.TryFinish(task.Id, Runnable, TaskState.Failed, $"cannot start the agent: {e.Message}");
            return true;
        }
        if (result.Facts.SessionId is null && adapter.FindSessionId(ctx, exe, env) is { } found)
        {
            result.Facts.SessionId = found;
            store.SetAgentSessionId(task.Id, attempt.Id, found);
            sinks.WriteLine($"[shepherd] session id {found} found in {task.Agent}'s own records");
        }
        return Conclude(task, attempt, result);
    }

    private bool Conclude(TaskRecord task, AttemptRecord attempt, AttemptResult result)
    {
        var stopRequested = store.GetTask(task.Id)?.StopRequested ?? true;
        var outcome = stopRequested ? new Outcome(Outcome.Stopped, "stopped by user")
            : result.MaxRuntimeReached ? new Outcome(Outcome.NonRetryable, $"max runtime reached ({Duration.Format(task.Policy.MaxRuntime)})")
            : ExitClassifier.Classify(result.Exit, result.Facts);
        store.EndAttempt(attempt.Id, result.Exit, outcome.Kind, outcome.Detail);
        sinks.WriteLine($"[shepherd] attempt {attempt.Number} ended: {result.Exit} → {outcome.Kind} ({outcome.Detail})");
        string[] from = [TaskState.Running];
        switch (outcome.Kind)
        {
            case Outcome.Stopped:
                store.TryFinish(task.Id, from, TaskState.Stopped, "stopped by user");
                return true;
            case Outcome.Succeeded:
                store.TryFinish(task.Id, from, TaskState.Succeeded, null);
                return true;
            case Outcome.NonRetryable:
                store.TryFinish(task.Id, from, TaskState.Failed, outcome.Detail);
                return true;
        }
        if (result.RunnerSignal is { } sig)
        {
            // The runner itself is being ended (tmux killed, kill): leave the task for recover.
            store.TryTransition(task.Id, from, TaskState.Backoff, $"runner got {Signals.Name(sig)}", clock.GetUtcNow());
            return false;
        }
        var runs = store.ListAttempts(task.Id)
            .Where(a => a.EndedAt is not null && a.Outcome is Outcome.Retryable or Outcome.Lost)
            .Select(a => new RunSpan(a.StartedAt, a.EndedAt!.Value)).ToList();
        var decision = RestartDecider.Decide(runs, task.CreatedAt, clock.GetUtcNow(), task.Policy, outcome.RetryAfter, Random.Shared.NextDouble());
        if (decision is RestartDecision.GiveUp g)
        {
            store.TryFinish(task.Id, from, TaskState.Failed, g.Reason);
            return true;
        }
        var when = ((RestartDecision.ResumeAt)decision).When;
        store.TryTransition(task.Id, from, TaskState.Backoff, outcome.Detail, when);
        sinks.WriteLine($"[shepherd] resuming in {Duration.Format(when - clock.GetUtcNow())}");
        return true;
    }

    private static Dictionary<string, string> WithPwd(Dictionary<string, string> env, string dir)
    {
        env["PWD"] = dir;
        return env;
    }
}
