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
        // In 64 KiB chunks: straight onto stdout the writer's flushes made a write(2) every few properties (7 000 for a
        // list of 1 000 tasks), each one waking a script that reads the pipe; built whole in one growing array, it was
        // copied and faulted in again at every doubling.
        using var stdout = Console.OpenStandardOutput();
        var json = new ChunkWriter(stdout, 64 * 1024);
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Indented = true, Encoder = type.Options.Encoder }))
        {
            // The source generator's own writer (GenerationMode.Serialization): no property metadata is built at run time.
            if (type.SerializeHandler is { } write) write(writer, value);
            else JsonSerializer.Serialize(writer, value, type);
        }
        json.Write("\n"u8);
        json.Flush();
    }

    /// <summary>An <see cref="IBufferWriter{T}"/> that hands out one buffer and writes it to <paramref name="to"/> each time
    /// it fills.</summary>
    private sealed class ChunkWriter(Stream to, int size) : IBufferWriter<byte>
    {
        private byte[] _buffer = new byte[size];
        private int _used;

        public void Advance(int count) => _used += count;

        // Room first: it may replace _buffer with a larger one, which "_buffer.AsMemory(Room(…))" would not see.
        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            var start = Room(sizeHint);
            return _buffer.AsMemory(start);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            var start = Room(sizeHint);
            return _buffer.AsSpan(start);
        }

        public void Flush()
        {
            to.Write(_buffer, 0, _used);
            _used = 0;
        }

        private int Room(int sizeHint)
        {
            var need = Math.Max(sizeHint, 1);
            if (_buffer.Length - _used >= need) return _used;
            Flush();
            if (_buffer.Length < need) _buffer = new byte[need];
            return 0;
        }
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
