namespace Shepherd.Chaos.Harness;

/// <summary>What a task's commands imply about its final state.</summary>
public enum Expect
{
    /// <summary>Last was a start or a resume: the plan ends well, so it must end succeeded.</summary>
    Succeeds,
    /// <summary>A stop or a probe returned a final state: it must stay exactly that (<see cref="Incarnation.FinalState"/>).</summary>
    StaysFinal,
    /// <summary>A stop the runner had not finished within the command's wait: stopped, or the success that came first.</summary>
    StopsSoon,
    /// <summary>Removed: no row, no files, no tmux session, no process.</summary>
    Gone,
}
