namespace Shepherd.Chaos.Harness;

/// <summary>One scheduled action: when (ms after the run began), what, on which task slot, and its draw: for a command
/// the CLI is killed <see cref="KillCliAfterMs"/> ms in (a fault), for a start the agent and plan, for a daemon kill
/// or a notifier fault how long it lasts.</summary>
public sealed record Step(int AtMs, StepKind Kind, int Slot, int? KillCliAfterMs = null, string? Agent = null, string? Plan = null, int DurationMs = 0)
{
    public bool IsCommand => Kind is StepKind.Start or StepKind.Stop or StepKind.Resume or StepKind.Remove or StepKind.Wait;

    public override string ToString() =>
        $"{AtMs,6}ms {Kind,-14} " + (IsCommand || Kind is StepKind.KillAgent or StepKind.KillRunner ? $"c{Slot}" : "") +
        (Agent is not null ? $" {Agent} plan {Plan}" : "") + (KillCliAfterMs is { } k ? $" (CLI killed after {k}ms)" : "") +
        (DurationMs > 0 ? $" for {DurationMs}ms" : "");
}
