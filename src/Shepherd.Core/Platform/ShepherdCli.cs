using System.Diagnostics;
using System.Text;

namespace Shepherd.Platform;

/// <summary>Runs the <c>shepherd</c> binary installed next to this one as a child process, so that every MCP tool and
/// every action of <c>shepherd web</c> is the CLI: the same task, the same validation, the same messages, the same
/// intents (the runner stays the task's only owner). Its stdin never is the caller's: it gets the given input or
/// nothing.</summary>
public static class ShepherdCli
{
    /// <summary>How long to keep reading output after the child exited: a grandchild it started (tmux, a daemon)
    /// could hold the pipes open forever.</summary>
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    /// <param name="killOnCancel">Kill the child when <paramref name="ct"/> is cancelled (reads and waits); commands
    /// that change a task (start, stop, rm, resume) are left to finish.</param>
    /// <param name="tailLines">Keep only the last N lines of stdout (for a log that may be 64 MiB).</param>
    public static async Task<CliOutcome> RunAsync(IReadOnlyList<string> args, string? stdin, bool killOnCancel, CancellationToken ct,
        int? tailLines = null)
    {
        var shepherd = SideBySide.Command("shepherd");
        var psi = new ProcessStartInfo(shepherd[0])
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in shepherd.Skip(1).Concat(args)) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start shepherd");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var tail = new Queue<string>();
        var readOut = tailLines is { } n ? DrainTail(process.StandardOutput, tail, n) : Drain(process.StandardOutput, stdout);
        var readErr = Drain(process.StandardError, stderr);
        try
        {
            if (stdin is not null) await process.StandardInput.WriteAsync(stdin.AsMemory(), ct);
        }
        catch (IOException) { /* it exited without reading (e.g. a usage error): its exit code says why */ }
        finally
        {
            try { process.StandardInput.Close(); } catch (IOException) { }
        }
        try { await process.WaitForExitAsync(killOnCancel ? ct : CancellationToken.None); }
        catch (OperationCanceledException)
        {
            try { process.Kill(); } catch (InvalidOperationException) { }
            throw;
        }
        try { await Task.WhenAll(readOut, readErr).WaitAsync(OutputGrace, CancellationToken.None); }
        catch (TimeoutException) { }
        string Text(StringBuilder sb) { lock (sb) return sb.ToString(); }
        if (tailLines is not null) lock (tail) stdout.AppendJoin('\n', tail);
        return new CliOutcome(process.ExitCode, Text(stdout), Text(stderr));
    }

    private static async Task Drain(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[8192];
        int n;
        while ((n = await reader.ReadAsync(buffer)) > 0)
            lock (into) into.Append(buffer, 0, n);
    }

    /// <summary>Splits on '\n' only (a '\r' inside a line is a terminal overwrite the caller
    /// resolves), keeping the last <paramref name="lines"/> lines, each cut at 64 Ki characters.</summary>
    private static async Task DrainTail(StreamReader reader, Queue<string> tail, int lines)
    {
        const int maxLine = 64 * 1024;
        var buffer = new char[8192];
        var line = new StringBuilder();
        int n;
        void Keep()
        {
            lock (tail)
            {
                tail.Enqueue(line.ToString());
                if (tail.Count > lines) tail.Dequeue();
            }
            line.Clear();
        }
        while ((n = await reader.ReadAsync(buffer)) > 0)
            for (var i = 0; i < n; i++)
            {
                if (buffer[i] == '\n') Keep();
                else if (line.Length < maxLine) line.Append(buffer[i]);
            }
        if (line.Length > 0) Keep();
    }
}
