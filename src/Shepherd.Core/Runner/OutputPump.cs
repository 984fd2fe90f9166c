using System.Text;

namespace Shepherd.Runner;

/// <summary>Copies one of the agent's streams, as it arrives, to the pane and the log, and hands complete
/// lines to a callback. Nothing is buffered beyond one line (capped), whatever the agent prints.</summary>
public sealed class OutputPump(Stream source, OutputSinks sinks, bool isStderr, Action<string, bool> onLine)
{
    private const int MaxLine = 4 * 1024 * 1024;

    public Task RunAsync() => Task.Factory.StartNew(Pump, TaskCreationOptions.LongRunning);

    private void Pump()
    {
        var buffer = new byte[64 * 1024];
        var line = new MemoryStream();
        var overflow = false;
        int n;
        try
        {
            while ((n = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                sinks.Write(buffer.AsSpan(0, n));
                var start = 0;
                for (var i = 0; i < n; i++)
                {
                    if (buffer[i] != (byte)'\n') continue;
                    Append(line, buffer.AsSpan(start, i - start), ref overflow);
                    Emit(line, ref overflow);
                    start = i + 1;
                }
                Append(line, buffer.AsSpan(start, n - start), ref overflow);
            }
        }
        catch (IOException) { /* the pipe broke: the agent is gone */ }
        if (line.Length > 0) Emit(line, ref overflow);
    }

    private static void Append(MemoryStream line, ReadOnlySpan<byte> bytes, ref bool overflow)
    {
        if (line.Length + bytes.Length > MaxLine) { overflow = true; return; }
        line.Write(bytes);
    }

    private void Emit(MemoryStream line, ref bool overflow)
    {
        if (!overflow)
        {
            var text = Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length).TrimEnd('\r');
            onLine(text, isStderr);
        }
        line.SetLength(0);
        overflow = false;
    }
}
