using Shepherd.Platform;
using Shepherd.Store;

namespace Shepherd.Notify;

/// <summary>Runs a program as an argv (no shell) through the command seam; exit 0 confirms delivery. Used by cmd:,
/// openclaw and desktop. The program gets the task's environment plus SHEPHERD_TASK, _STATE, _AGENT, _DIR, _REASON and
/// _NOTIFICATION_ID (a stable id to drop a rare double send), _KIND (done, failed, stopped, stalled, needs-you) and _OUTPUT
/// (the agent's last line of output).</summary>
public sealed class ProcessNotifier(Func<OutboxItem, IReadOnlyDictionary<string, string>, IReadOnlyList<string>?> argvFor,
    ICommandRunner commands) : INotifier
{
    // Generous: a call cut short after the receiver took the notification is sent again on retry
    // (OpenClaw's `system event` takes 5-20 s under load).
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public string? Send(OutboxItem item, IReadOnlyDictionary<string, string> env)
    {
        var argv = argvFor(item, env);
        if (argv is null) return "no program to run for this notifier on this machine";
        var environment = new Dictionary<string, string>(env)
        {
            ["SHEPHERD_TASK"] = item.TaskName, ["SHEPHERD_STATE"] = item.State, ["SHEPHERD_AGENT"] = item.Agent,
            ["SHEPHERD_DIR"] = item.ProjectDir, ["SHEPHERD_REASON"] = item.Reason ?? "", ["SHEPHERD_NOTIFICATION_ID"] = item.NotificationId,
            ["SHEPHERD_KIND"] = item.Kind, ["SHEPHERD_OUTPUT"] = item.OutputLine ?? "",
        };
        var r = commands.Run(new CommandSpec(argv, Timeout)
        {
            Environment = environment, WorkingDirectory = Directory.Exists(item.ProjectDir) ? item.ProjectDir : "/",
        });
        if (r.Ok) return null;
        if (r.TimedOut || r.NotFound) return r.Stderr;
        return $"{argv[0]} exited {r.ExitCode}: {(r.Stderr + r.Stdout).Trim().Split('\n')[0]}";
    }
}
