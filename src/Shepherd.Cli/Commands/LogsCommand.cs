using System.CommandLine;
using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Tasks;
using Shepherd.Runner;
using Shepherd.Terminal;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd logs</c>: the agent's output so far, as it printed it (like <c>docker logs</c>); --plain strips
/// escape sequences; --transcript shows it as a person reads it (what the agent said and ran, its errors, turns' ends);
/// --tail N starts N lines from the end; --follow keeps reading until the task is final.</summary>
internal static class LogsCommand
{
    public static Command Create(CliContext ctx)
    {
        var name = CommonOptions.TaskName();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output until the task ends" };
        var plain = new Option<bool>("--plain") { Description = "Strip escape sequences (colours, titles, clipboard writes) and control characters" };
        var transcript = new Option<bool>("--transcript", "-t") { Description = "What the agent said and ran, its errors and turns, in readable lines (not its raw events)" };
        var tail = new Option<int?>("--tail", "-n") { Description = "Start N lines from the end (of the transcript with --transcript)", HelpName = "N" };
        tail.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 0) r.AddError("--tail must be 0 or more"); });
        var cmd = new Command("logs", "Print the agent's output (raw, as the agent printed it, unless --plain or --transcript)") { name, follow, plain, transcript, tail };
        cmd.SetAction(async (p, ct) =>
        {
            var task = ctx.Store.GetTask(p.GetValue(name)!);
            var path = ctx.Home.LogFile(task.Name);
            using var stdout = Console.OpenStandardOutput();
            var lines = p.GetValue(tail);
            if (p.GetValue(transcript) && p.GetValue(plain)) throw new UsageException("--transcript is already plain text: give one of --transcript and --plain");
            using var sink = p.GetValue(transcript) ? new TranscriptStream(stdout, Transcript.ReaderFor(ctx.Home, task), lines) : null;
            Stream to = (Stream?)sink ?? stdout;
            var stripper = p.GetValue(plain) ? new EscapeStripper() : null;
            long offset = 0;
            if (lines is { } n && sink is null) offset = TailStart(path, n);
            else Copy(path + ".1", 0, to, stripper); // rotated away (a filesystem that cannot punch holes)
            var orphans = new OrphanWatch(ctx);
            while (true)
            {
                offset = Copy(path, offset, to, stripper);
                sink?.ShowHeld();
                if (!p.GetValue(follow)) break;
                var current = ctx.Store.GetTask(task.Id);
                if (current is null || current.IsFinal)
                {
                    // The runner finishes up after the final state (notifications, done file, __TASK_DONE__): show that too.
                    for (var i = 0; i < 50 && current is not null && !File.Exists(ctx.Home.DoneFile(current.Name)) && ctx.Launcher.RunnerAlive(current); i++)
                        await Task.Delay(100, ct);
                    Copy(path, offset, to, stripper);
                    break;
                }
                orphans.Look(current);
                await Task.Delay(200, ct);
            }
            stripper?.Flush(stdout);
            sink?.End();
            return 0;
        });
        return cmd;
    }

    /// <summary>The runner frees the start of a big log by punching a hole in it (the file keeps its length): start at
    /// the first line after the hole instead of printing zeros, and say on stderr how much is gone.</summary>
    private static long SkipFreed(FileStream fs, long offset)
    {
        var data = Holes.NextData((int)fs.SafeFileHandle.DangerousGetHandle(), offset);
        if (data <= offset || data >= fs.Length) return offset;
        fs.Seek(data, SeekOrigin.Begin);
        var head = new byte[64 * 1024];
        var n = fs.Read(head);
        var newline = head.AsSpan(0, n).IndexOf((byte)'\n');
        var start = newline < 0 ? data : data + newline + 1;
        Console.Error.WriteLine($"shepherd: the first {Sizes.Format(start)} of this log are no longer kept (the log keeps the last {Sizes.Format(OutputLog.DefaultMaxBytes)} or more)");
        return start;
    }

    /// <summary>Where the last <paramref name="lines"/> lines of the log begin (a last line without its newline counts).</summary>
    private static long TailStart(string path, int lines)
    {
        if (!File.Exists(path)) return 0;
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var end = fs.Length;
        if (lines == 0) return end;
        var buffer = new byte[64 * 1024];
        var pos = end;
        var seen = 0;
        var skipLast = true; // the log's own final newline ends its last line, it does not start one
        while (pos > 0)
        {
            var n = (int)Math.Min(buffer.Length, pos);
            pos -= n;
            fs.Seek(pos, SeekOrigin.Begin);
            fs.ReadExactly(buffer, 0, n);
            for (var i = n - 1; i >= 0; i--)
            {
                if (buffer[i] != (byte)'\n') { skipLast = false; continue; }
                if (skipLast) { skipLast = false; continue; }
                if (++seen == lines) return pos + i + 1;
            }
        }
        return 0;
    }

    private static long Copy(string path, long offset, Stream to, EscapeStripper? stripper)
    {
        if (!File.Exists(path)) return offset;
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (offset > fs.Length) offset = 0; // the runner rotated the log: the new file starts over
        offset = SkipFreed(fs, offset);
        fs.Seek(offset, SeekOrigin.Begin);
        if (stripper is null) fs.CopyTo(to);
        else
        {
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = fs.Read(buffer)) > 0) stripper.Write(buffer.AsSpan(0, n), to);
        }
        to.Flush();
        return fs.Position;
    }
}
