namespace Shepherd.Tasks;

/// <summary>Where a task is. Stored as lower-case text; control flow compares these values, never display strings.</summary>
public enum TaskState { Starting, Running, Checking, Backoff, Succeeded, Failed, Stopped }

public static class TaskStates
{
    public static readonly TaskState[] NotFinal = [TaskState.Starting, TaskState.Running, TaskState.Checking, TaskState.Backoff];

    public static bool IsFinal(this TaskState s) => s is TaskState.Succeeded or TaskState.Failed or TaskState.Stopped;

    public static string Text(this TaskState s) => s switch
    {
        TaskState.Starting => "starting", TaskState.Running => "running", TaskState.Checking => "checking",
        TaskState.Backoff => "backoff", TaskState.Succeeded => "succeeded", TaskState.Failed => "failed",
        _ => "stopped",
    };

    public static TaskState Parse(string text) => text switch
    {
        "starting" => TaskState.Starting, "running" => TaskState.Running, "checking" => TaskState.Checking,
        "backoff" => TaskState.Backoff, "succeeded" => TaskState.Succeeded, "failed" => TaskState.Failed,
        "stopped" => TaskState.Stopped,
        _ => throw new FormatException($"unknown task state '{text}'"),
    };
}
