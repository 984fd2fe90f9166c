using System.CommandLine;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd logs</c>: the agent's output so far, as it printed it; --follow keeps reading until
/// the task is final.</summary>
internal static class LogsCommand
{
    public static Command Create(CliContext ctx)
    {
        var name = CommonOptions.TaskName();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output until the task ends" };
        var cmd = new Command("logs", "Print the agent's output") { name, follow };
        cmd.SetAction(async (p, ct) =>
        {
            var task = ctx.Store.GetTask(p.GetValue(name)!);
            var path = ctx.Home.LogFile(task.Name);
            using var stdout = Console.OpenStandardOutput();
            long offset = 0;
            while (true)
            {
                offset = Copy(path, offset, stdout);
                if (!p.GetValue(follow)) return 0;
                var current = ctx.Store.GetTask(task.Id);
                if (current is null || current.IsFinal)
                {
                    Copy(path, offset, stdout);
                    return 0;
                }
                await Task.Delay(200, ct);
            }
        });
        return cmd;
    }

    private static long Copy(string path, long offset, Stream to)
    {
        if (!File.Exists(path)) return offset;
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (offset > fs.Length) offset = 0; // the runner rotated the log: the new file starts over
        fs.Seek(offset, SeekOrigin.Begin);
        fs.CopyTo(to);
        to.Flush();
        return fs.Position;
    }
}
