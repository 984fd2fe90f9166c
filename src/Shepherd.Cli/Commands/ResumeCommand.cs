using System.CommandLine;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd resume</c>: resume now, by the stored session id; also un-stops a stopped or failed task.</summary>
internal static class ResumeCommand
{
    public static Command Create(CliContext ctx)
    {
        var name = CommonOptions.TaskName();
        var prompt = new Option<string?>("--prompt") { Description = "The prompt of the resumed turn (default: continue)" };
        var json = CommonOptions.Json();
        var cmd = new Command("resume", "Resume a task now (also a stopped or failed one)") { name, prompt, json };
        cmd.SetAction(p =>
        {
            var task = ctx.Store.GetTask(p.GetValue(name)!);
            if (p.GetValue(prompt) is { Length: 0 }) throw new UsageException("the prompt is empty");
            // Resumes pass the prompt as one argv word, which Linux caps at 128 KiB.
            if (p.GetValue(prompt) is { } text && System.Text.Encoding.UTF8.GetByteCount(text) > 100 * 1024)
                throw new UsageException("a resume prompt can be at most 100 KiB");
            var launcher = ctx.Launcher;
            if (launcher.RunnerAlive(task) && task.State is TaskState.Running or TaskState.Starting)
                throw new OperationFailedException($"{task.Name} is already {task.State}");
            ctx.Store.Reopen(task.Id, p.GetValue(prompt));
            var what = launcher.RunnerAlive(task) ? "runner woken" : launcher.EnsureRunner(ctx.Store.GetTask(task.Id)!);
            if (p.GetValue(json)) Output.Json(TaskView.From(ctx.Store.GetTask(task.Id)!, ctx.Store.ListAttempts(task.Id)), CliJson.Default.TaskView);
            else Console.WriteLine($"resuming {task.Name} ({what})");
            return 0;
        });
        return cmd;
    }
}
