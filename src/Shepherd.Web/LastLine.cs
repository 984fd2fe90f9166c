using Shepherd.Agents;

namespace Shepherd.Web;

/// <summary>The agent's latest line (<see cref="Transcript.Latest"/>, as <c>list</c> shows it), remembered per log size
/// and write time, so an unchanged log is not read again however often the list is rebuilt.</summary>
public sealed class LastLine
{
    private const int Max = 300;
    private readonly Dictionary<string, (long Length, DateTime Written, string Line)> _seen = [];

    public string Of(string logFile, IAgentAdapter? adapter)
    {
        var info = new FileInfo(logFile);
        if (!info.Exists) return "";
        lock (_seen)
            if (_seen.TryGetValue(logFile, out var known) && known.Length == info.Length && known.Written == info.LastWriteTimeUtc)
                return known.Line;
        string line;
        try { line = Transcript.Latest(logFile, adapter) ?? ""; }
        catch (IOException) { line = ""; }
        if (line.Length > Max) line = line[..Max] + "…";
        lock (_seen) _seen[logFile] = (info.Length, info.LastWriteTimeUtc, line);
        return line;
    }

    public void Forget(IEnumerable<string> keep)
    {
        var set = keep.ToHashSet();
        lock (_seen)
            foreach (var gone in _seen.Keys.Where(k => !set.Contains(k)).ToList()) _seen.Remove(gone);
    }
}
