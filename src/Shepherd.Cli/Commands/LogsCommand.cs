using System.CommandLine;
using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Terminal;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd logs</c>: the agent's output so far, as it printed it (like <c>docker logs</c>); --plain strips
/// escape sequences; --follow keeps reading until the task is final.</summary>
internal static class LogsCommand
{
    public static Command Create(CliContext ctx)
    {
        var name = CommonOptions.TaskName();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output until the task ends" };
        var plain = new Option<bool>("--plain") { Description = "Strip escape sequences (colours, titles, clipboard writes) and control characters" };
        var cmd = new Command("logs", "Print the agent's output (raw, as the agent printed it, unless --plain)") { name, follow, plain };
        cmd.SetAction(async (p, ct) =>
        {
            var task = ctx.Store.GetTask(p.GetValue(name)!);
            var path = ctx.Home.LogFile(task.Name);
            using var stdout = Console.OpenStandardOutput();
            var stripper = p.GetValue(plain) ? new EscapeStripper() : null;
            Copy(path + ".1", 0, stdout, stripper); // rotated away (a filesystem that cannot punch holes)
            long offset = 0;
            var orphans = new OrphanWatch(ctx);
            while (true)
            {
                offset = Copy(path, offset, stdout, stripper);
                if (!p.GetValue(follow)) break;
                var current = ctx.Store.GetTask(task.Id);
                if (current is null || current.IsFinal)
                {
                    // The runner finishes up after the final state (notifications, done file, __TASK_DONE__): show that too.
                    for (var i = 0; i < 50 && current is not null && !File.Exists(ctx.Home.DoneFile(current.Name)) && ctx.Launcher.RunnerAlive(current); i++)
                        await Task.Delay(100, ct);
                    Copy(path, offset, stdout, stripper);
                    break;
                }
                orphans.Look(current);
                await Task.Delay(200, ct);
            }
            stripper?.Flush(stdout);
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
