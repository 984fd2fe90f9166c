using System.CommandLine;
using System.Runtime.InteropServices;
using Shepherd.Notify;
using Shepherd.Store;
using Shepherd.Supervisor;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd daemon</c>: recover continuously in the foreground; <c>--install</c> writes a
/// systemd user unit instead.</summary>
internal static class DaemonCommand
{
    public static Command Create(CliContext ctx)
    {
        var install = new Option<bool>("--install") { Description = "Write a systemd user unit for the daemon and say how to enable it" };
        var logFile = new Option<string?>("--log") { Description = "Log to this file (0600, rotated at 10 MiB) instead of stdout" };
        var exitWhenIdle = new Option<string?>("--exit-when-idle") { Description = "Exit once no unfinished task and no undelivered notification was left for this long (as the daemon start launches does)" };
        var cmd = new Command("daemon", "Recover tasks continuously and deliver notifications (foreground)") { install, logFile, exitWhenIdle };
        cmd.SetAction(async (p, _) =>
        {
            if (p.GetValue(install)) return Install(ctx);
            using var cts = new CancellationTokenSource();
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });
            using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cts.Cancel(); });
            var idle = p.GetValue(exitWhenIdle) is { } d ? Duration.Parse(d, "--exit-when-idle") : (TimeSpan?)null;
            using var log = p.GetValue(logFile) is { } path ? new RotatingLog(Path.GetFullPath(path)) : null;
            var writer = (TextWriter?)log ?? Console.Out;
            using var outboxStore = TaskStore.Open(ctx.Home, ctx.Clock);
            var notifications = new NotificationLoop(outboxStore, new Outbox(outboxStore, ctx.Home, ctx.Clock), ctx.Clock,
                line => { lock (writer) { writer.WriteLine(line); writer.Flush(); } });
            var daemon = new Daemon(ctx.Home, ctx.Store, RecoverCommand.NewRecovery(ctx), notifications, ctx.Clock, writer) { ExitWhenIdle = idle };
            return await daemon.RunAsync(cts.Token);
        });
        return cmd;
    }

    private static int Install(CliContext ctx)
    {
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } x ? x
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        var dir = Path.Combine(config, "systemd", "user");
        Directory.CreateDirectory(dir);
        var unit = Path.Combine(dir, "shepherd.service");
        var exe = string.Join(' ', RunnerLauncher.SelfCommand().Select(SystemdUnit.ExecArgument));
        var env = new List<string> { SystemdUnit.Environment("SHEPHERD_HOME", ctx.Home.Root) };
        if (ctx.Tmux.Socket is { } s) env.Add(SystemdUnit.Environment("SHEPHERD_TMUX_SOCKET", s));
        if (Environment.GetEnvironmentVariable("SHEPHERD_CONFIG") is { Length: > 0 } c) env.Add(SystemdUnit.Environment("SHEPHERD_CONFIG", Path.GetFullPath(c)));
        env.Add(SystemdUnit.Environment("PATH", Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin"));
        File.WriteAllText(unit, $"""
            [Unit]
            Description=Shepherd: resume coding-agent tasks after crashes, tmux loss and reboots
            After=default.target

            [Service]
            Type=simple
            ExecStart={exe} daemon
            {string.Join('\n', env)}
            Restart=on-failure
            RestartSec=2
            # The tmux server, runners and agents the daemon (re)starts live in this unit's cgroup: stopping or
            # restarting the daemon must not take them down with it.
            KillMode=process

            [Install]
            WantedBy=default.target

            """);
        Console.WriteLine($"wrote {unit}");
        Console.WriteLine("enable it with:  systemctl --user daemon-reload && systemctl --user enable --now shepherd");
        Console.WriteLine("to keep it running while you are logged out:  loginctl enable-linger $USER");
        return 0;
    }
}
