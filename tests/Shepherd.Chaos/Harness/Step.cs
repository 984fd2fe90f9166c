namespace Shepherd.Chaos.Harness;

/// <summary>One scheduled action: when (ms after the run began), what, on which task slot, and its draw: for a command
/// the CLI is killed <see cref="KillCliAfterMs"/> ms in (a fault), for a start the agent and plan, for a daemon kill
/// or a notifier fault how long it lasts.</summary>
public sealed record Step(int AtMs, StepKind Kind, int Slot, int? KillCliAfterMs = null, string? Agent = null, string? Plan = null, int DurationMs = 0)
{
    /// <summary>For a stop or a resume: the task's runner is killed (SIGKILL) this many ms after the command is issued,
    /// racing the intent (issue 17, items 2 and 3).</summary>
    public int? KillRunnerAfterMs { get; init; }

    /// <summary>For a start: a <c>--check</c> that takes this many seconds, passes, and notes any other check of the
    /// task running beside it (issue 17, item 7).</summary>
    public int? CheckSeconds { get; init; }

    /// <summary>For a start: the agent orchestrates, its plan's <c>run</c> step starting this task of its own (issue 17,
    /// item 8).</summary>
    public ChildTask? Child { get; init; }

    /// <summary>For a start (named scenarios): more of the task's environment, and its restart budget (default 1000,
    /// so that faults never spend it).</summary>
    public IReadOnlyDictionary<string, string?>? Env { get; init; }
    public int MaxRestarts { get; init; } = 1000;

    public bool IsCommand => Kind is StepKind.Start or StepKind.Stop or StepKind.Resume or StepKind.Remove or StepKind.Wait;

    public override string ToString() =>
        $"{AtMs,6}ms {Kind,-17} " + (IsCommand || Kind is StepKind.KillAgent or StepKind.KillRunner or StepKind.KillRunnerInCheck or StepKind.DamageSession ? $"c{Slot}" : "") +
        (Agent is not null ? $" {Agent} plan {Plan}" : "") + (CheckSeconds is { } c ? $" --check of {c}s" : "") +
        (Child is { } k ? $" starting c{k.Slot} ({k.Agent} plan {k.Plan})" : "") +
        (KillCliAfterMs is { } kc ? $" (CLI killed after {kc}ms)" : "") + (KillRunnerAfterMs is { } kr ? $" (runner killed after {kr}ms)" : "") +
        (DurationMs > 0 ? $" for {DurationMs}ms" : "");
}

/// <summary>A task an orchestrating agent starts: its own slot (which the schedule never gives a command), agent and plan.</summary>
/// <param name="AutoDaemon">The start may launch the daemon itself (SHEPHERD_NO_AUTO_DAEMON unset), as for a user.</param>
public sealed record ChildTask(int Slot, string Agent, string Plan, bool AutoDaemon = false);
