using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>One attempt: launch (start, or resume by id), then one loop over the runner's events until the agent
/// exits — storing the session id the moment it appears, carrying out intents, enforcing the max runtime, watching
/// for a stall — then one transaction that stores the exit and everything it decides. Anything slow (OpenCode's
/// session list) comes after that transaction.</summary>
internal sealed class AttemptRunner(RunnerContext rc)
{
    private static readonly TaskState[] Launchable = [TaskState.Starting, TaskState.Backoff, TaskState.Running];
    private static readonly int[] StopSignals = [Signals.SIGINT, Signals.SIGTERM, Signals.SIGKILL];

    public async Task RunAsync(TaskRecord task)
    {
        var store = rc.Store;
        var adapter = AgentRegistry.Get(task.Agent);
        if (new[] { rc.Home.PromptFile(task.Name), rc.Home.EnvFile(task.Name) }.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            // Someone deleted the task's files by hand: nothing can be launched, and retrying would not help.
            store.TryFinish(task.Id, TaskState.Failed, $"task file missing: {missing}");
            return;
        }
        var env = TaskEnvironment.Load(rc.Home.EnvFile(task.Name));
        var ctx = new AgentContext(task, rc.Home.TaskDir(task.Name), File.ReadAllBytes(rc.Home.PromptFile(task.Name)));
        var previous = store.LastAttempt(task.Id);
        if (task.AgentSessionId is null && adapter.HasSessionLookup && previous is not null &&
            AgentRegistry.FindExecutable(task.Agent, env) is { } lookupExe)
            task = await LookUpSessionIdAsync(task, previous, adapter, ctx, lookupExe, env) ?? task;
        var resume = task.AgentSessionId is { } sid && adapter.CanResume(ctx, sid);
        var (keepFollowUp, followUpNote) = (false, (string?)null);
        if (!resume && task.ResumePrompt is { } followUp)
        {
            // A follow-up without a conversation to go to. Until the original prompt has run to its end, the follow-up
            // waits (kept by BeginAttempt) and runs after it, as a resume: as if the first turn had lived. If the
            // original prompt did end and there is still nothing to resume (an agent that never showed its id), a
            // new conversation gets both prompts in order: keeping the follow-up again would repeat the original forever.
            var originalRan = previous is { Outcome: AttemptOutcome.Succeeded };
            if (originalRan) ctx = ctx with { PromptBytes = [.. ctx.PromptBytes, .. "\n\n"u8, .. Encoding.UTF8.GetBytes(followUp)] };
            keepFollowUp = !originalRan;
            followUpNote = originalRan
                ? "[shepherd] no conversation to resume: a new one gets the original prompt, then the follow-up"
                : "[shepherd] the follow-up waits until the original prompt has run: no conversation to resume yet";
        }
        var launch = resume
            ? adapter.Resume(ctx, task.AgentSessionId!, Encoding.UTF8.GetBytes(task.ResumePrompt ?? rc.Options.ContinuePrompt))
            : adapter.Start(ctx);
        if (AgentRegistry.FindExecutable(task.Agent, env) is not { } exe)
        {
            store.TryFinish(task.Id, TaskState.Failed, $"agent binary missing: {task.Agent} not found ({AgentRegistry.BinaryVariable(task.Agent)} or PATH)");
            return;
        }
        var attempt = store.BeginAttempt(task.Id, Launchable, resume ? "resume" : "start", resume ? task.AgentSessionId : null,
            launch.Arguments, rc.BootId, keepFollowUp);
        if (attempt is null) return; // a stop was accepted or the task changed meanwhile: the loop looks again
        rc.Output.Note(resume
            ? $"[shepherd] attempt {attempt.Number}: resuming {task.Agent} session {task.AgentSessionId}"
            : $"[shepherd] attempt {attempt.Number}: starting {task.Agent}");
        if (followUpNote is not null) rc.Output.Note(followUpNote);
        env["PWD"] = task.ProjectDir;
        env[AgentGroup.MarkerVariable] = AgentGroup.Marker(rc.Home, attempt.Id);
        var sink = new LineSink(adapter.NewParser(ctx), id => rc.Inbox.Post(new RunnerEvent.SessionIdSeen(attempt.Id, id)),
            m => rc.Inbox.Post(new RunnerEvent.OutputFailed(m)), rc.Clock);
        using var direct = rc.Options.DirectOutput ? rc.Output.BeginDirect(sink, m => rc.Inbox.Post(new RunnerEvent.OutputFailed(m))) : null;
        IChildProcess child;
        try { child = rc.Launcher.Start(new LaunchSpec(exe, launch.Arguments, env, task.ProjectDir, launch.Stdin, direct?.AgentFd)); }
        catch (IOException e)
        {
            ConcludeUnstarted(task, attempt, e);
            return;
        }
        finally
        {
            direct?.CloseAgentFd();
        }
        using (child) await SuperviseAsync(task, attempt, adapter, child, sink, direct);
    }

    private async Task SuperviseAsync(TaskRecord task, AttemptRecord attempt, IAgentAdapter adapter, IChildProcess child, LineSink sink,
        DirectOutput? direct)
    {
        var store = rc.Store;
        store.SetAttemptProcess(attempt.Id, child.Pid, child.StartTicks);
        var started = rc.Clock.GetTimestamp();
        _ = child.Exited.ContinueWith(t => rc.Inbox.Post(new RunnerEvent.ChildExited(child.Pid,
            t.IsCompletedSuccessfully ? t.Result : ExitStatus.Unknown)), TaskScheduler.Default);
        var stderr = new OutputPump(child.StandardError, rc.Output, true, sink).RunAsync();
        var stdout = direct is null ? new OutputPump(child.StandardOutput, rc.Output, false, sink).RunAsync() : null;
        var watch = new ChildWatch(child.Pid, rc.Clock);
        var stall = new StallWatch(rc, task, child.Pid, sink);
        var budget = task.Policy.MaxRuntime - AttemptDecisions.RuntimeUsed(task, store.ListAttempts(task.Id));
        var maxRuntimeReached = false;
        int? runnerSignal = null;
        ExitStatus? exit = null;
        if (store.PendingIntents(task.Id).Count > 0) ApplyIntents(task.Id, watch); // written while we were launching

        while (exit is null)
        {
            var left = budget - rc.Clock.GetElapsedTime(started);
            var wait = new[] { left, watch.Due ?? TimeSpan.MaxValue, stall.Due }.Min();
            switch (await rc.Inbox.NextAsync(wait))
            {
                case RunnerEvent.ChildExited e when e.Pid == child.Pid:
                    exit = e.Status;
                    break;
                case RunnerEvent.SessionIdSeen s when s.AttemptId == attempt.Id:
                    store.SetAgentSessionId(task.Id, attempt.Id, s.Id);
                    break;
                case RunnerEvent.Wake:
                    ApplyIntents(task.Id, watch);
                    break;
                case RunnerEvent.Interrupt when !watch.Ending:
                    store.AddIntent(task.Id, IntentKind.Stop, null);
                    ApplyIntents(task.Id, watch);
                    break;
                case RunnerEvent.Terminate t:
                    runnerSignal ??= t.Signal;
                    watch.Forward(t.Signal);
                    break;
                case RunnerEvent.OutputFailed f:
                    RunnerLoop.RecordOutputFailure(rc, task.Id, f);
                    break;
                case null:
                    if (left <= TimeSpan.Zero && !maxRuntimeReached)
                    {
                        maxRuntimeReached = true;
                        rc.Output.Note($"[shepherd] max runtime {Duration.Format(task.Policy.MaxRuntime)} reached: ending the agent");
                        watch.Begin([Signals.SIGTERM, Signals.SIGKILL], rc.Options.KillGrace);
                    }
                    if (watch.Due == TimeSpan.Zero) watch.Step();
                    stall.Check();
                    break;
            }
        }
        var runTime = rc.Clock.GetElapsedTime(started);
        // Whatever the agent left in its group (a tool it started) is orphaned work: end it too.
        ProcessInfo.SignalGroup(child.Pid, Signals.SIGKILL);
        await Task.WhenAny(Task.WhenAll(stderr, stdout ?? direct!.Finish()), Task.Delay(TimeSpan.FromSeconds(2), rc.Clock));
        var facts = sink.Facts();
        var fresh = store.GetTask(task.Id)!;
        var verdict = maxRuntimeReached
            ? new Verdict(AttemptOutcome.NonRetryable, $"max runtime reached ({Duration.Format(task.Policy.MaxRuntime)})")
            : adapter.Classify(exit, facts);
        var conclusion = AttemptDecisions.AfterExit(fresh, attempt, store.ListAttempts(task.Id), exit, verdict, runTime,
            rc.Clock.GetUtcNow(), MonotonicTime.Now(rc.Clock, rc.BootId), Random.Shared.NextDouble(), runnerSignal);
        store.Conclude(conclusion);
        Report(attempt, exit, conclusion, fresh);
    }

    /// <summary>A stop (or removal) accepted: end the agent's group SIGINT → SIGTERM → SIGKILL; a resume is queued.</summary>
    private void ApplyIntents(long taskId, ChildWatch watch)
    {
        foreach (var (intent, result) in rc.Owner.ApplyIntents(taskId, agentRunning: true))
            rc.Output.Note($"[shepherd] {Intent.Text(intent.Kind)}: {result}");
        if (rc.Store.GetTask(taskId) is { StopRequested: true } && !watch.Ending) watch.Begin(StopSignals, rc.Options.KillGrace);
    }

    /// <summary>The last attempt ended without showing its session id (OpenCode killed before its first event): ask
    /// the agent's own records, before deciding between resume and start. Slow (seconds), so it runs here, long
    /// after that attempt's exit was stored, and also in a runner that took over from a lost one.</summary>
    private async Task<TaskRecord?> LookUpSessionIdAsync(TaskRecord task, AttemptRecord previous, IAgentAdapter adapter, AgentContext ctx,
        string exe, Dictionary<string, string> env)
    {
        var lookupEnv = new Dictionary<string, string>(env) { ["PWD"] = task.ProjectDir };
        var found = await Task.Run(() => adapter.FindSessionId(ctx, exe, lookupEnv, rc.Commands));
        if (found is null) return null;
        rc.Store.SetAgentSessionId(task.Id, previous.Id, found);
        rc.Output.Note($"[shepherd] session id {found} found in {task.Agent}'s own records");
        return rc.Store.GetTask(task.Id);
    }

    /// <summary>posix_spawn failed: EAGAIN/ENOMEM pass (retry per the policy), anything else will not.</summary>
    private void ConcludeUnstarted(TaskRecord task, AttemptRecord attempt, IOException e)
    {
        var transient = e is SpawnException { Transient: true };
        var verdict = new Verdict(transient ? AttemptOutcome.Retryable : AttemptOutcome.NonRetryable, $"cannot start the agent: {e.Message}");
        var fresh = rc.Store.GetTask(task.Id)!;
        var c = AttemptDecisions.AfterExit(fresh, attempt, rc.Store.ListAttempts(task.Id), ExitStatus.Unknown, verdict, TimeSpan.Zero,
            rc.Clock.GetUtcNow(), MonotonicTime.Now(rc.Clock, rc.BootId), Random.Shared.NextDouble(), null) with { Exit = null };
        rc.Store.Conclude(c);
        Report(attempt, null, c, fresh);
    }

    private void Report(AttemptRecord attempt, ExitStatus? exit, Conclusion c, TaskRecord task)
    {
        var outcome = c.Outcome?.Text() ?? "checking";
        rc.Output.Note($"[shepherd] attempt {attempt.Number} ended: {exit?.ToString() ?? "not started"} → {outcome} ({c.Detail})");
        if (c.Next == TaskState.Backoff && c.NextAttemptAt is { } at && c.Reason is not null && !c.Reason.StartsWith("runner got"))
        {
            var how = task.AgentSessionId is null ? "running the prompt again" : $"resuming session {task.AgentSessionId}";
            rc.Output.Note($"[shepherd] {how} in {Duration.Format(at - rc.Clock.GetUtcNow())}");
        }
        if (c.Next == TaskState.Starting) rc.Output.Note("[shepherd] a follow-up was queued: running it next");
    }
}
