using System.Text.Json;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Runner;

namespace Shepherd.Tests.Unit;

/// <summary>A parser that keeps the events and stderr lines it was given (read from the test while a pump or tail adds).</summary>
public sealed class RecordingParser : AgentOutputParser
{
    private readonly List<string> _events = [];

    public IReadOnlyList<string> Events { get { lock (_events) return [.. _events]; } }
    public List<string> Stderr { get; } = [];
    public bool Throw { get; init; }

    protected override void OnEvent(JsonElement e)
    {
        if (Throw) throw new InvalidOperationException("boom");
        lock (_events) _events.Add(e.GetRawText());
    }

    protected override void OnStderr(string line) => Stderr.Add(line);
}

public static class DirectOutputs
{
    /// <summary>What the agent's stdout is: its own O_APPEND descriptor on the log, written without buffering.</summary>
    public static FileStream AgentStdout(DirectOutput direct)
    {
        var fd = Libc.dup(direct.AgentFd);
        direct.CloseAgentFd();
        return new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, bufferSize: 0);
    }

    /// <summary>Where the file's first data lies after the holes punched at its start.</summary>
    public static long FirstData(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read);
        return Holes.NextData((int)fs.SafeFileHandle.DangerousGetHandle(), 0);
    }
}
