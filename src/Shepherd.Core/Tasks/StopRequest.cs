namespace Shepherd.Tasks;

/// <summary>A stop the task's owner has accepted and is carrying out: the exit that follows is the user's, not a crash.</summary>
public enum StopRequest { None = 0, Stop = 1, Remove = 2 }
