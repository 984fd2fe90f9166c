namespace Shepherd.Chaos.Harness;

/// <summary>The table's columns an invariant breach counts in.</summary>
public enum Breach
{
    /// <summary>A task, an attempt's end, a follow-up or a notification that should be there and is not; a state that is wrong.</summary>
    Lost,
    /// <summary>Something done twice: two tasks for one start, two notification ids for one final state, one id with two contents.</summary>
    Duplicated,
    /// <summary>Something that got out: a process, tmux session or file that outlived rm or the run, an escape sequence
    /// that reached the terminal, a file made outside SHEPHERD_HOME, a command that ran from a prompt.</summary>
    Escaped,
    /// <summary>Two live agents on one task or conversation, or a resume of a conversation that is not the task's own.</summary>
    TwoAgents,
    /// <summary>Anything else the harness requires: a hung command, a stack trace, a database that fails its check.</summary>
    Other,
}
