using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Shepherd.Cli;

/// <summary>Prints results: JSON for scripts, plain lines for people.</summary>
public static class Output
{
    /// <summary>Prints <paramref name="value"/>; give a type from <see cref="CliJson.Relaxed"/> (relaxed escaping; the
    /// metadata of one context only is built, which is a good part of a short command's time).</summary>
    public static void Json<T>(T value, JsonTypeInfo<T> type)
    {
        // Built in memory and written at once: straight onto stdout, the writer's flushes made a write(2) every few
        // properties (7 000 for a list of 1 000 tasks), each one waking a script that reads the pipe.
        var json = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Indented = true, Encoder = type.Options.Encoder }))
        {
            // The source generator's own writer (GenerationMode.Serialization): no property metadata is built at run time.
            if (type.SerializeHandler is { } write) write(writer, value);
            else JsonSerializer.Serialize(writer, value, type);
        }
        json.Write("\n"u8);
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(json.WrittenSpan);
    }

    public static string Age(DateTimeOffset since, DateTimeOffset now)
    {
        var d = now - since;
        return d.TotalSeconds < 60 ? $"{d.TotalSeconds:0}s" : d.TotalMinutes < 60 ? $"{d.TotalMinutes:0}m"
            : d.TotalHours < 48 ? $"{d.TotalHours:0.#}h" : $"{d.TotalDays:0}d";
    }

    /// <summary>A size for people: 512 B, 3.4 KiB, 12.0 MiB.</summary>
    public static string Bytes(long n) => n switch
    {
        < 1024 => $"{n} B",
        < 1024 * 1024 => $"{n / 1024.0:0.0} KiB",
        _ => $"{n / (1024.0 * 1024):0.0} MiB",
    };

    public static string Exit(ExitView? e) => e is null ? "-" : e.Signal is { } s ? Shepherd.Platform.Signals.Name(s) : $"exit {e.Code}";
}
