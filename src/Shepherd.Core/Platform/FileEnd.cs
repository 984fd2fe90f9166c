namespace Shepherd.Platform;

/// <summary>The last bytes of a file that another process may be appending to (a task's log): what every view of "the
/// agent's latest output" reads instead of the whole file.</summary>
public static class FileEnd
{
    /// <summary>At most the last <paramref name="maxBytes"/> bytes of <paramref name="path"/>; <paramref name="whole"/>
    /// says whether that is the whole file. Throws as FileStream does (a missing file, no permission).</summary>
    public static byte[] Read(string path, int maxBytes, out bool whole)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var size = (int)Math.Min(fs.Length, maxBytes);
        whole = fs.Length <= maxBytes;
        fs.Seek(-size, SeekOrigin.End);
        var buffer = new byte[size];
        fs.ReadExactly(buffer);
        return buffer;
    }

    public static byte[] Read(string path, int maxBytes) => Read(path, maxBytes, out _);

    /// <summary>The last bytes of a log from the start of a whole line: a read that begins mid-file begins mid-line, and
    /// the runner frees the start of a long log as zeros (a hole), so both are skipped up to the next line.</summary>
    public static ArraySegment<byte> FromLineStart(string path, int maxBytes, out bool whole)
    {
        var buffer = Read(path, maxBytes, out whole);
        var start = 0;
        while (start < buffer.Length && buffer[start] == 0) start++;
        if (!whole || start > 0)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start);
            start = newline < 0 ? buffer.Length : newline + 1;
        }
        return new ArraySegment<byte>(buffer, start, buffer.Length - start);
    }
}
