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
}
