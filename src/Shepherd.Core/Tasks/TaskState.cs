namespace Shepherd.Tasks;

/// <summary>States of a task, stored as lower-case text.</summary>
public static class TaskState
{
    public const string Starting = "starting", Running = "running", Backoff = "backoff";
    public const string Succeeded = "succeeded", Failed = "failed", Stopped = "stopped";

    public static readonly string[] Final = [Succeeded, Failed, Stopped];

    public static bool IsFinal(string state) => Final.Contains(state);
}
