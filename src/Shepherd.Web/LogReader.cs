using Shepherd.Platform;
using Shepherd.Runner;

namespace Shepherd.Web;

/// <summary>Follows a task's output log for one page: what was appended since the last read, in base64 chunks. The
/// first read starts at most <see cref="Sse.FirstBytes"/> before the end, and after the hole the runner punches to free
/// a long log's start (as <c>shepherd logs</c> does), at a line's start; a log that got shorter was rotated and is read
/// from its start.</summary>
internal sealed class LogReader(string path)
{
    private const int Chunk = 48 * 1024;
    private long _offset = -1;

    public IEnumerable<(string Kind, string Data)> Read()
    {
        var events = new List<(string, string)>();
        if (!File.Exists(path)) return events;
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (_offset > fs.Length) { _offset = 0; events.Add(("reset", "{}")); }
            if (_offset < 0)
            {
                var data = Holes.NextData((int)fs.SafeFileHandle.DangerousGetHandle(), 0);
                var start = Math.Max(data >= fs.Length ? 0 : data, fs.Length - Sse.FirstBytes);
                if (start > 0)
                {
                    start = LineStart(fs, start);
                    events.Add(("skipped", $"{{\"bytes\":{start},\"freed\":{(data > 0 && data < fs.Length ? "true" : "false")},\"keeps\":\"{Sizes.Format(OutputLog.DefaultMaxBytes)}\"}}"));
                }
                _offset = start;
            }
            fs.Seek(_offset, SeekOrigin.Begin);
            var buffer = new byte[Chunk];
            int n;
            while ((n = fs.Read(buffer)) > 0)
            {
                events.Add(("output", Convert.ToBase64String(buffer, 0, n)));
                _offset += n;
            }
        }
        catch (IOException) { }
        return events;
    }

    private static long LineStart(FileStream fs, long from)
    {
        fs.Seek(from, SeekOrigin.Begin);
        var head = new byte[64 * 1024];
        var n = fs.Read(head);
        var newline = head.AsSpan(0, n).IndexOf((byte)'\n');
        return newline < 0 ? from : from + newline + 1;
    }
}
