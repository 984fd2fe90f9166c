using System.Text;
using Shepherd.Agents;

namespace Shepherd.Cli.Commands;

/// <summary>Takes the log's bytes and writes its readable transcript (<see cref="Transcript.Of"/>), one line per thing the
/// agent did. With a tail of N, the first pass is held back and only its last N lines are shown (<see cref="ShowHeld"/>);
/// what follows is shown as it comes.</summary>
internal sealed class TranscriptStream(Stream output, IAgentAdapter? adapter, int? tail) : Stream
{
    private readonly MemoryStream _partial = new();
    private readonly Queue<string> _held = new();
    private bool _holding = tail is not null;
    private TranscriptLine? _reply; // a reply streamed in pieces, shown once its last piece came

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var newline = buffer.IndexOf((byte)'\n');
            if (newline < 0) { _partial.Write(buffer); return; }
            _partial.Write(buffer[..newline]);
            Line();
            buffer = buffer[(newline + 1)..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Shows the last N lines of the first pass, then lets the rest through.</summary>
    public void ShowHeld()
    {
        if (_reply is not null) Emit(Transcript.Finished(_reply));
        _reply = null;
        if (!_holding) return;
        _holding = false;
        foreach (var line in _held) Show(line);
        _held.Clear();
        output.Flush();
    }

    /// <summary>The log ended: a last line without its newline is shown too.</summary>
    public void End()
    {
        if (_partial.Length > 0) Line();
        ShowHeld();
        output.Flush();
    }

    private void Line()
    {
        var raw = Encoding.UTF8.GetString(_partial.GetBuffer(), 0, (int)_partial.Length);
        _partial.SetLength(0);
        if (Transcript.Of(raw, adapter) is not { } line) return;
        if (line.After(_reply) is { } joined) { _reply = joined; return; }
        if (_reply is not null) Emit(Transcript.Finished(_reply));
        _reply = line.Delta ? line : null;
        if (!line.Delta) Emit(line);
    }

    private void Emit(TranscriptLine line)
    {
        var text = line.ToString();
        if (!_holding) { Show(text); return; }
        _held.Enqueue(text);
        if (_held.Count > tail!.Value) _held.Dequeue();
    }

    private void Show(string text) => output.Write(Encoding.UTF8.GetBytes(text + "\n"));

    public override void Flush() => output.Flush();
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
