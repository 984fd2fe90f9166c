using System.Diagnostics;
using System.ComponentModel;
using Shepherd.Store;

namespace Shepherd.Notify;

/// <summary>Runs a program as an argv (no shell); exit 0 confirms delivery. Used by cmd:, openclaw and desktop.</summary>
public sealed class ProcessNotifier(Func<OutboxItem, IReadOnlyDictionary<string, string>, IReadOnlyList<string>?> argvFor) : INotifier
{
    // Generous: a call cut short after the receiver took the notification is sent again on retry
    // (OpenClaw's `system event` takes 5-20 s under load).
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public string? Send(OutboxItem item, IReadOnlyDictionary<string, string> env)
    {
        var argv = argvFor(item, env);
        if (argv is null) return "no program to run for this notifier on this machine";
        var psi = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = Directory.Exists(item.ProjectDir) ? item.ProjectDir : "/",
        };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in env) psi.Environment[k] = v;
        psi.Environment["SHEPHERD_TASK"] = item.TaskName;
        psi.Environment["SHEPHERD_STATE"] = item.State;
        psi.Environment["SHEPHERD_AGENT"] = item.Agent;
        psi.Environment["SHEPHERD_DIR"] = item.ProjectDir;
        psi.Environment["SHEPHERD_REASON"] = item.Reason ?? "";
        psi.Environment["SHEPHERD_NOTIFICATION_ID"] = item.NotificationId;
        try
        {
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(Timeout))
            {
                p.Kill(entireProcessTree: true);
                return $"{argv[0]} timed out";
            }
            p.WaitForExit();
            return p.ExitCode == 0 ? null : $"{argv[0]} exited {p.ExitCode}: {(stderr.Result + stdout.Result).Trim().Split('\n')[0]}";
        }
        catch (Win32Exception e)
        {
            return $"cannot run {argv[0]}: {e.Message}";
        }
    }
}
