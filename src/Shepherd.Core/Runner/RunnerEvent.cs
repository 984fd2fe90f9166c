using Shepherd.Platform;

namespace Shepherd.Runner;

/// <summary>What reaches the runner's one loop, from signals, the agent's pumps, the thread that reaps it and the work
/// that runs beside the loop. Only that loop reads the inbox and touches the store: the other threads post events
/// instead, and every kind of event is handled whatever the loop is doing (<see cref="RunnerLoop"/>).</summary>
public abstract record RunnerEvent
{
    /// <summary>SIGUSR1: someone wrote an intent.</summary>
    public sealed record Wake : RunnerEvent;
    /// <summary>SIGINT: Ctrl-C in the attached pane, which means stop.</summary>
    public sealed record Interrupt : RunnerEvent;
    /// <summary>SIGTERM or SIGHUP: the runner itself is being ended (tmux killed, system shutdown).</summary>
    public sealed record Terminate(int Signal) : RunnerEvent;
    public sealed record ChildExited(int Pid, ExitStatus Status) : RunnerEvent;
    public sealed record SessionIdSeen(long AttemptId, string Id) : RunnerEvent;
    /// <summary>Output could not be logged (<paramref name="LogWrite"/>: a write to the log failed, as on a full disk) or
    /// read (the parser or the log's tail failed).</summary>
    public sealed record OutputFailed(string Message, bool LogWrite = false) : RunnerEvent;
    /// <summary>The agent answered the attempt's prompt: stored at once (a prompt never answered is sent again).</summary>
    public sealed record Answered(long AttemptId) : RunnerEvent;
    /// <summary>The agent reported usage: the attempt's figures so far, stored at once and checked against the budgets.</summary>
    public sealed record UsageSeen(long AttemptId, Spend.Usage Usage) : RunnerEvent;
    /// <summary>The agent ended a turn (its terminal event): a moment to snapshot its session.</summary>
    public sealed record TurnEnded(long AttemptId) : RunnerEvent;
    /// <summary>Work running beside the loop finished (reading the agent's last output, delivering notifications).</summary>
    public sealed record WorkDone : RunnerEvent;
}
