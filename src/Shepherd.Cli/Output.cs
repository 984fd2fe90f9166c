using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Shepherd.Cli;

/// <summary>Prints results: JSON for scripts, plain lines for people.</summary>
public static class Output
{
    /// <summary>Prints <paramref name="value"/> with relaxed escaping, whichever context <paramref name="type"/> came from.</summary>
    public static void Json<T>(T value, JsonTypeInfo<T> type) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(value, (JsonTypeInfo<T>)CliJson.Relaxed.GetTypeInfo(type.Type)!));

    public static string Age(DateTimeOffset since, DateTimeOffset now)
    {
        var d = now - since;
        return d.TotalSeconds < 60 ? $"{d.TotalSeconds:0}s" : d.TotalMinutes < 60 ? $"{d.TotalMinutes:0}m"
            : d.TotalHours < 48 ? $"{d.TotalHours:0.#}h" : $"{d.TotalDays:0}d";
    }

    public static string Exit(ExitView? e) => e is null ? "-" : e.Signal is { } s ? Shepherd.Platform.Signals.Name(s) : $"exit {e.Code}";
}
