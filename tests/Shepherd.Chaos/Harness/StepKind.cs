namespace Shepherd.Chaos.Harness;

public enum StepKind
{
    // user commands, carried out in order per task
    Start, Stop, Resume, Remove, Wait,
    // faults
    KillAgent, KillRunner, KillDaemon, KillTmuxServer, Reboot, NotifierFails, NotifierHangs,
    /// <summary>SIGKILL to the runner of a task started with --check, once it is checking (waits up to a few seconds).</summary>
    KillRunnerInCheck,
}
