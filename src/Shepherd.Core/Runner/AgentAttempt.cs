using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>One attempt of the agent while it runs: the max runtime (counted anew when a resume arrives meanwhile), a
/// stall, a stop — each ends its group step by step — and at its end one transaction that stores the exit, the session
/// id it showed (also one whose event was read only after the exit) and everything the exit decides.</summary>
internal sealed class AgentAttempt : ChildRun
{
    private readonly TaskRecord _task;
    private readonly AttemptRecord _attempt;
    private readonly IAgentAdapter _adapter;
    private readonly AgentContext _ctx;
    private readonly LineSink _sink;
    private readonly DirectOutput? _direct;
    private readonly Task _stderr;
    private readonly Task? _stdout;
    private readonly StallWatch _stall;
    private long _budgetFrom;
    private TimeSpan _budget;
    private bool _maxRuntimeReached;
    private string? _budgetSpent;

    public AgentAttempt(RunnerContext rc, TaskRecord task, AttemptRecord attempt, IAgentAdapter adapter, AgentContext ctx, IChildProcess child,
        LineSink sink, DirectOutput? direct) : base(rc, child)
    {
        (_task, _attempt, _adapter, _ctx, _sink, _direct) = (task, attempt, adapter, ctx, sink, direct);
        rc.Store.SetAttemptProcess(attempt.Id, child.Pid, child.StartTicks);
        _stderr = new OutputPump(child.StandardError, rc.Output, true, sink).RunAsync();
        _stdout = direct is null ? new OutputPump(child.StandardOutput, rc.Output, false, sink).RunAsync() : null;
        _stall = new StallWatch(rc, task, child.Pid, sink, () => Ladder.Begin(EndSignals, rc.Options.KillGrace));
        _budgetFrom = rc.Clock.GetTimestamp();
        _budget = task.Policy.MaxRuntime - AttemptDecisions.RuntimeUsed(task, rc.Store.ListAttempts(task.Id));
    }

    /// <summary>Said with the attempt's end when its conversation was restored from a snapshot before it began.</summary>
    public string? Restored { get; init; }

    /// <summary>For a resume: the id the agent must report to prove it continued the conversation.</summary>
    public string? ExpectedId { get; init; }

    protected override TimeSpan? NextCheck => Min(_maxRuntimeReached ? null : _budget - Rc.Clock.GetElapsedTime(_budgetFrom), _stall.Due);

    protected override void Tick()
    {
        if (!_maxRuntimeReached && _budget - Rc.Clock.GetElapsedTime(_budgetFrom) <= TimeSpan.Zero)
        {
            _maxRuntimeReached = true;
            Rc.Output.Note($"[shepherd] max runtime {Duration.Format(_task.Policy.MaxRuntime)} reached: ending the agent");
            Ladder.Begin(EndSignals, Rc.Options.KillGrace);
        }
        _stall.Check();
    }

    public override void OnIntentsApplied(TaskRecord task)
    {
        base.OnIntentsApplied(task);
        // An explicit resume counts the budgets anew from now: this attempt's max runtime too.
        if (task.BudgetFrom > _attempt.Number && !_maxRuntimeReached)
            (_budgetFrom, _budget) = (Rc.Clock.GetTimestamp(), task.Policy.MaxRuntime);
    }

    public override void OnTurnEnded(long attemptId)
    {
        if (attemptId == _attempt.Id) Snapshot();
    }

    /// <summary>A budget the agent's reported usage has spent ends it, as the max runtime does; the task then fails with
    /// why (unless the turn succeeded meanwhile).</summary>
    public override void OnUsageStored(long attemptId)
    {
        if (attemptId != _attempt.Id || Exit is not null || _budgetSpent is not null || _maxRuntimeReached || Rc.Store.GetTask(_task.Id) is not { } task) return;
        if (Spend.Budgets.Exhausted(task, Rc.Store.ListAttempts(task.Id)) is not { } spent) return;
        _budgetSpent = spent;
        Rc.Output.Note($"[shepherd] {spent}: ending the agent");
        Ladder.Begin(EndSignals, Rc.Options.KillGrace);
    }

    /// <summary>Why the budgets allow no resume after this attempt, counting what it reported last (its usage event may be
    /// read only after its exit).</summary>
    private string? BudgetSpent(TaskRecord task, AgentRunFacts facts) =>
        _budgetSpent ?? Spend.Budgets.Exhausted(task, Rc.Store.ListAttempts(task.Id).Select(a => a.Id == _attempt.Id && facts.Usage is { } u ? a with { Usage = u } : a));

    /// <summary>Copies the agent's session files as they are now (after a turn, after the attempt).</summary>
    private void Snapshot()
    {
        var id = _sink.Facts().SessionId ?? Rc.Store.GetTask(_task.Id)?.AgentSessionId;
        if (id is null) return;
        new SessionSnapshots(Rc.Home, _task.Name, Rc.Clock).Take(_attempt.Number, id, _adapter.SessionFiles(_ctx, id));
    }

    /// <summary>A resume whose agent reported another conversation than the one it was asked to continue: it carried on
    /// blank, so the task goes on in a fresh conversation that gets the context (a handoff), and says so.</summary>
    private Verdict? Diverged(AgentRunFacts facts) =>
        ExpectedId is { } expected && facts.ReportedId is { } reported && reported != expected
            ? new Verdict(AttemptOutcome.NonRetryable, $"diverged: the agent opened conversation {reported} instead of resuming {expected}")
            {
                Handoff = "the agent did not continue its conversation",
            }
            : null;

    protected override Task OutputRead() => Task.WhenAll(_stderr, _stdout ?? _direct!.Finish());

    protected override void Abandon() => _direct?.Dispose();

    protected override void Conclude()
    {
        using var direct = _direct;
        var facts = _sink.Facts();
        var fresh = Rc.Store.GetTask(_task.Id)!;
        var verdict = _maxRuntimeReached
            ? new Verdict(AttemptOutcome.NonRetryable, $"max runtime reached ({Duration.Format(_task.Policy.MaxRuntime)})")
            : Diverged(facts) ?? _adapter.Classify(Exit!, facts);
        if (verdict.Outcome != AttemptOutcome.Succeeded && BudgetSpent(fresh, facts) is { } spent)
            verdict = new Verdict(AttemptOutcome.NonRetryable, spent); // a finished turn still gets its check
        var conclusion = AttemptDecisions.AfterExit(fresh, _attempt, Rc.Store.ListAttempts(_task.Id), Exit!, verdict, RunTime,
            Rc.Clock.GetUtcNow(), MonotonicTime.Now(Rc.Clock, Rc.BootId), Random.Shared.NextDouble(), RunnerSignal, Rc.Clock.LocalTimeZone, Rc.Options.Foreground)
            with { SessionId = facts.SessionId, Answered = facts.Answered, Usage = facts.Usage };
        if (Restored is not null) conclusion = conclusion with { Detail = $"{Restored}; {conclusion.Detail}" };
        Rc.Store.Conclude(conclusion);
        if (conclusion.Outcome == AttemptOutcome.UsageLimited && conclusion.NextAttemptAt - Rc.Clock.GetUtcNow() > Notify.NotificationKinds.LongWait)
        {
            // Its needs-you notification was enqueued with the conclusion: sent beside the loop, as a stall's is (the
            // daemon or recover sends what is left once the bound is over).
            var bound = new CancellationTokenSource(Rc.Options.NotifyBound);
            _ = Rc.DeliverNotifications(_task.Id, bound.Token).ContinueWith(_ => bound.Dispose(), TaskScheduler.Default);
        }
        Snapshot();
        AttemptNotes.Ended(Rc, _attempt, Exit, conclusion, Rc.Store.GetTask(_task.Id) ?? fresh);
    }
}
