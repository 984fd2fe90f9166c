namespace Shepherd.Chaos.Harness;

public enum StepKind
{
    // user commands, carried out in order per task
    Start, Stop, Resume, Remove, Wait,
    // faults
    KillAgent, KillRunner, KillDaemon, KillTmuxServer, Reboot, NotifierFails, NotifierHangs,
    /// <summary>SIGKILL to the runner of a task started with --check, once it is checking (waits up to a few seconds).</summary>
    KillRunnerInCheck,
    /// <summary>The agent's session file of the task's conversation deleted (DurationMs even) or cut mid-line (odd), as a
    /// user cleaning up or a disk restored from an old backup would (issue 19).</summary>
    DamageSession,
}
