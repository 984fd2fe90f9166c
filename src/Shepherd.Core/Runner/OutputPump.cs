using Shepherd.Agents;

namespace Shepherd.Runner;

/// <summary>Copies one of the agent's streams, as it arrives, to the task's output, and hands the lines that can
/// matter to the parser (<see cref="LineSplitter"/>). Never lets a failure stop it from draining the pipe: the agent
/// must never block on a full pipe.</summary>
public sealed class OutputPump(Stream source, TaskOutput output, bool isStderr, LineSink sink)
{
    private readonly LineSplitter _lines = new(isStderr, sink);

    public Task RunAsync() => Task.Factory.StartNew(Pump, TaskCreationOptions.LongRunning);

    private void Pump()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(isStderr ? 64 * 1024 : 1024 * 1024);
        while (true)
        {
            int n;
            try { n = source.Read(buffer, 0, buffer.Length); }
            catch (Exception e) when (e is IOException or ObjectDisposedException) { break; }
            if (n <= 0) break;
            sink.Data();
            output.Write(buffer.AsSpan(0, n));
            _lines.Split(buffer.AsSpan(0, n));
        }
        _lines.Flush();
    }
}

/// <summary>Finds, in one of the agent's streams as it arrives, the lines that can matter and hands them to the
/// parser: on stdout only lines that start with '{' (events), on stderr every line (capped). Lines are found with a
/// vectorised search; nothing else is buffered, whatever the agent prints.</summary>
public sealed class LineSplitter(bool isStderr, LineSink sink)
{
    private const int MaxEventLine = 4 * 1024 * 1024, MaxStderrLine = 4096;

    private byte[] _line = new byte[4096];
    private int _lineLength;
    private bool _wanted = true, _atLineStart = true;

    /// <summary>The stream ended: a last line without its newline still counts.</summary>
    public void Flush()
    {
        if (_lineLength > 0 && _wanted) Emit();
        _lineLength = 0;
        _atLineStart = true;
    }

    public void Split(ReadOnlySpan<byte> chunk)
    {
        if (!isStderr) { SplitEvents(chunk); return; }
        while (chunk.Length > 0)
        {
            if (_atLineStart)
            {
                _wanted = isStderr || chunk[0] == (byte)'{';
                _atLineStart = false;
            }
            var nl = chunk.IndexOf((byte)'\n');
            var part = nl < 0 ? chunk : chunk[..nl];
            if (_wanted) Append(part);
            if (nl < 0) return;
            if (_wanted) Emit();
            _lineLength = 0;
            _atLineStart = true;
            chunk = chunk[(nl + 1)..];
        }
    }

    /// <summary>stdout: only lines that start with '{' matter, and such a line starts right after a newline, so the chunk
    /// is searched (vectorised) for '{' instead of line by line: plain text costs one scan.</summary>
    private void SplitEvents(ReadOnlySpan<byte> chunk)
    {
        while (chunk.Length > 0)
        {
            if (_atLineStart)
            {
                _atLineStart = false;
                _wanted = chunk[0] == (byte)'{';
            }
            if (_wanted)
            {
                var nl = chunk.IndexOf((byte)'\n');
                Append(nl < 0 ? chunk : chunk[..nl]);
                if (nl < 0) return;
                if (_wanted) Emit();
                _lineLength = 0;
                _atLineStart = true;
                chunk = chunk[(nl + 1)..];
                continue;
            }
            // '{' is rare in plain text: look for it alone (the fastest search there is), then at the byte before it.
            var brace = chunk.IndexOf((byte)'{');
            while (brace > 0 && chunk[brace - 1] != (byte)'\n')
            {
                var further = chunk[(brace + 1)..].IndexOf((byte)'{');
                brace = further < 0 ? -1 : brace + 1 + further;
            }
            if (brace <= 0)
            {
                // No event starts in this chunk; one may start right after it if it ends with a newline.
                _atLineStart = chunk[^1] == (byte)'\n';
                return;
            }
            _lineLength = 0;
            _atLineStart = true;
            chunk = chunk[brace..];
        }
    }

    private void Append(ReadOnlySpan<byte> part)
    {
        var max = isStderr ? MaxStderrLine : MaxEventLine;
        var take = Math.Min(part.Length, max - _lineLength);
        if (take < part.Length && !isStderr) { _wanted = false; _lineLength = 0; return; } // an event this big is not one we read
        if (take <= 0) return;
        if (_lineLength + take > _line.Length) Array.Resize(ref _line, Math.Max(_line.Length * 2, _lineLength + take));
        part[..take].CopyTo(_line.AsSpan(_lineLength));
        _lineLength += take;
    }

    private void Emit()
    {
        var length = _lineLength;
        if (length > 0 && _line[length - 1] == (byte)'\r') length--;
        sink.Line(_line.AsMemory(0, length), isStderr);
    }
}

/// <summary>Receives what the pumps found: that data arrived, and the lines the parser wants. Exceptions from the
/// parser are caught here and reported once: they must never stop a pump.</summary>
/// <param name="onTurnEnd">Called (on the reading thread) each time the agent ends a turn (its terminal event).</param>
/// <param name="onAnswered">Called (on the reading thread) once, when the agent first answers its prompt.</param>
/// <param name="onUsage">Called (on the reading thread) with the attempt's figures each time the agent reports usage.</param>
public sealed class LineSink(AgentOutputParser parser, Action<string> onSessionId, Action<string> onError, TimeProvider clock,
    Action? onTurnEnd = null, Action? onAnswered = null, Action<Spend.Usage>? onUsage = null)
{
    private readonly Lock _gate = new();
    private long _lastData = clock.GetTimestamp();
    private bool _failed;

    /// <summary>When output last arrived (a monotonic timestamp): read once per chunk, not per line.</summary>
    public long LastData => Interlocked.Read(ref _lastData);

    public void Data() => Interlocked.Exchange(ref _lastData, clock.GetTimestamp());

    public void Line(ReadOnlyMemory<byte> line, bool isStderr)
    {
        string? id;
        bool turnEnded, answered;
        Spend.Usage? usage;
        try
        {
            lock (_gate)
            {
                var (before, answeredBefore, usageBefore) = (parser.Facts.Last, parser.Facts.Answered, parser.Facts.Usage);
                id = parser.OnLine(line, isStderr);
                turnEnded = !ReferenceEquals(before, parser.Facts.Last);
                answered = !answeredBefore && parser.Facts.Answered;
                usage = ReferenceEquals(usageBefore, parser.Facts.Usage) ? null : parser.Facts.Usage;
            }
        }
        catch (Exception e)
        {
            if (!_failed) { _failed = true; onError($"reading the agent's output failed: {e.GetType().Name}: {e.Message}"); }
            return;
        }
        if (id is not null) onSessionId(id);
        if (answered) onAnswered?.Invoke();
        if (usage is not null) onUsage?.Invoke(usage);
        if (turnEnded) onTurnEnd?.Invoke();
    }

    /// <summary>The facts, read under the parser's lock.</summary>
    public AgentRunFacts Facts() { lock (_gate) return parser.Facts; }
}
