using System.CommandLine;
using Shepherd.Agents;
using Shepherd.Notify;
using Shepherd.Runner;
using Shepherd.Store;
using Shepherd.Platform;
using Shepherd.Tasks;
using Shepherd.Tmux;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd doctor</c>: tmux, each agent's path and version, the state directory and its modes,
/// the config file.</summary>
internal static class DoctorCommand
{
    public static Command Create(CliContext ctx)
    {
        var json = CommonOptions.Json();
        var cmd = new Command("doctor", "Check tmux, the agents, the state directory and permissions") { json };
        cmd.SetAction(p =>
        {
            var checks = Run(ctx);
            if (p.GetValue(json)) Output.Json(checks, CliJson.Default.ListDoctorCheck);
            else foreach (var c in checks) Console.WriteLine($"{(c.Ok ? "ok  " : "FAIL")}  {c.Name,-12} {c.Detail}");
            return checks.Where(c => c.Name is "tmux" or "state dir" or "database" or "config").All(c => c.Ok) ? 0 : 1;
        });
        return cmd;
    }

    private static List<DoctorCheck> Run(CliContext ctx)
    {
        var checks = new List<DoctorCheck>();
        var tmux = ctx.Tmux.Version();
        checks.Add(new("tmux", tmux is not null, tmux is null ? "not installed (apt-get install tmux)" : $"{tmux}{(ctx.Tmux.Socket is { } s ? $", socket -L {s}" : "")}"));
        var env = TaskEnvironment.Current();
        foreach (var agent in AgentRegistry.Names)
        {
            var exe = AgentRegistry.FindExecutable(agent, env);
            if (exe is null) { checks.Add(new(agent, false, $"not found ({AgentRegistry.BinaryVariable(agent)} or PATH)")); continue; }
            var v = ctx.Commands.Run([exe, "--version"], TimeSpan.FromSeconds(15));
            var version = v.Ok ? v.Stdout.Trim().Split('\n')[0] : "version unknown";
            checks.Add(new(agent, v.Ok, $"{exe} ({version}); resume: {ResumeNote(agent)}"));
        }
        try
        {
            ctx.Home.EnsureCreated();
            var mode = File.GetUnixFileMode(ctx.Home.Root);
            checks.Add(new("state dir", mode == ShepherdHome.PrivateDirMode, $"{ctx.Home.Root} ({Convert.ToString((int)mode, 8)})"));
            _ = ctx.Store.ListTasks();
            var dbMode = File.GetUnixFileMode(ctx.Home.Database);
            checks.Add(new("database", dbMode == ShepherdHome.PrivateFileMode, $"{ctx.Home.Database} ({Convert.ToString((int)dbMode, 8)})"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Tasks.OperationFailedException)
        {
            checks.Add(new("state dir", false, e.Message));
        }
        foreach (var task in SafeUnfinished(ctx))
        {
            var taskEnv = TaskEnvironment.LoadOr(ctx.Home.EnvFile(task.Name), env);
            var verdict = ResumeReadiness.Check(task, taskEnv);
            checks.Add(new($"task {task.Name}", verdict.Ok, $"{task.Agent}, {task.State.Text()}: {verdict.Detail}"));
        }
        try
        {
            var config = ShepherdConfig.Load();
            checks.Add(new("config", true, $"{ShepherdConfig.PathFromEnvironment()} (notify: {(config.Notify.Count == 0 ? "none" : string.Join(", ", config.Notify))})"));
        }
        catch (Tasks.UsageException e) { checks.Add(new("config", false, e.Message)); }
        return checks;
    }

    private static List<Tasks.TaskRecord> SafeUnfinished(CliContext ctx)
    {
        try { return ctx.Store.ListUnfinished(); }
        catch (Tasks.OperationFailedException) { return []; }
    }

    private static string ResumeNote(string agent) => agent switch
    {
        "claude" => "by session id, runs in the task's directory (required by Claude)",
        "opencode" => "by ses_ id with --dir <task directory>",
        "pi" => "by session file; re-runs the prompt if the first turn never saved it",
        _ => "by thread id, from any directory",
    };
}
