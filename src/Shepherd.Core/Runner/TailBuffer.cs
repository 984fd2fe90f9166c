using System.Text;

namespace Shepherd.Runner;

/// <summary>Keeps the last <c>capacity</c> bytes written to it (a check's output for the next prompt).</summary>
internal sealed class TailBuffer(int capacity)
{
    private readonly byte[] _ring = new byte[capacity];
    private readonly Lock _gate = new();
    private long _written;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (bytes.Length >= _ring.Length) bytes = bytes[^_ring.Length..];
            foreach (var b in bytes) _ring[_written++ % _ring.Length] = b;
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            if (_written <= _ring.Length) return Encoding.UTF8.GetString(_ring, 0, (int)_written);
            var start = (int)(_written % _ring.Length);
            return Encoding.UTF8.GetString([.. _ring.AsSpan(start), .. _ring.AsSpan(0, start)]);
        }
    }
}
