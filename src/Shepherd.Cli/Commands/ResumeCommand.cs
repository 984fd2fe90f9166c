using System.CommandLine;
using Shepherd.Supervisor;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd resume</c>: resume now, by the stored session id; also un-stops a stopped or failed task, and
/// with <c>--prompt</c> or <c>--prompt-file</c> gives a follow-up (queued for after the current turn when the agent is
/// working). The runtime and restart budgets count anew from here.</summary>
internal static class ResumeCommand
{
    public static Command Create(CliContext ctx)
    {
        var name = CommonOptions.TaskName();
        var prompt = new Option<string?>("--prompt") { Description = "The prompt of the resumed turn (default: continue)" };
        var promptFile = new Option<string?>("--prompt-file") { Description = "A file holding the prompt of the resumed turn (- for stdin)" };
        var json = CommonOptions.Json();
        var cmd = new Command("resume", "Resume a task now (also a stopped or failed one), optionally with a follow-up prompt") { name, prompt, promptFile, json };
        cmd.SetAction(p =>
        {
            var task = ctx.Store.GetTask(p.GetValue(name)!);
            var text = PromptInput.Read(p.GetValue(prompt), p.GetValue(promptFile), stdinWhenNone: false) is { } bytes
                ? System.Text.Encoding.UTF8.GetString(bytes) : null;
            if (text is null && task.State is TaskState.Running or TaskState.Checking && ctx.Launcher.RunnerAlive(task))
                throw new OperationFailedException($"{task.Name} is already {task.State.Text()} (give --prompt or --prompt-file to queue a follow-up)");
            var outcome = ctx.Intents.Submit(task, IntentKind.Resume, text);
            if (outcome.Removed) throw IntentClient.Removed(task);
            var what = outcome.Result;
            if (outcome.ByUs && ctx.Store.GetTask(task.Id) is { IsFinal: false }) what = InUserWords(what, task, ctx.Launches.Launch(task.Id));
            else if (outcome.Pending) what = "queued: the runner is finishing up and runs it next";
            if (p.GetValue(json)) Output.Json(TaskView.From(ctx.Store.GetTask(task.Id) ?? throw IntentClient.Removed(task), ctx.Store.ListAttempts(task.Id)), CliJson.Relaxed.TaskView);
            else Console.WriteLine($"{task.Name}: {what}");
            return 0;
        });
        return cmd;
    }

    /// <summary>"resuming in tmux session codex-x", rather than how the runner came back (a respawned pane, a new window).</summary>
    private static string InUserWords(string result, TaskRecord task, string launch) =>
        launch.StartsWith("runner respawned", StringComparison.Ordinal) || launch.StartsWith("runner started", StringComparison.Ordinal)
        || launch.StartsWith("tmux session", StringComparison.Ordinal) || launch == "runner alive"
            ? $"{result} in tmux session {task.TmuxSession} (`shepherd attach {task.Name}` to watch)"
            : $"{result}: {launch}";
}
