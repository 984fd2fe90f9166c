namespace Shepherd.Bench;

/// <summary>One launch of the fake agent, from its own journal: the moment it was running and reading its plan.</summary>
internal sealed record Launch(int Number, int Pid, DateTimeOffset At, string Step);
