namespace Shepherd.Tasks;

/// <summary>What someone other than the runner wants done to a task. Commands write intents and wake the runner;
/// only the holder of the task's lock carries them out.</summary>
public enum IntentKind { Stop, Resume, Remove }

/// <summary>One stored intent; <see cref="DoneAt"/> is set, with <see cref="Result"/>, by whoever carried it out.</summary>
public sealed record Intent(long Id, long TaskId, IntentKind Kind, string? Prompt, DateTimeOffset CreatedAt,
    DateTimeOffset? DoneAt, string? Result)
{
    public static string Text(IntentKind k) => k switch { IntentKind.Stop => "stop", IntentKind.Resume => "resume", _ => "remove" };

    public static IntentKind ParseKind(string s) => s switch
    {
        "stop" => IntentKind.Stop, "resume" => IntentKind.Resume, "remove" => IntentKind.Remove,
        _ => throw new FormatException($"unknown intent '{s}'"),
    };
}
