using System.CommandLine;
using Shepherd.Agents;
using Shepherd.Notify;
using Shepherd.Runner;
using Shepherd.Store;
using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd doctor</c>: tmux, each agent's path and version, the state directory and its modes,
/// the config file (and the agents it defines), and whether each unfinished task can be resumed. Exit 2 when the config
/// file is wrong (bad input, as for every command), else 1 when any check FAILs; a missing agent (when another is
/// installed) or a missing config file is a warning, not a failure.</summary>
internal static class DoctorCommand
{
    public static Command Create(CliContext ctx)
    {
        var json = CommonOptions.Json();
        var cmd = new Command("doctor", "Check tmux, the agents, the state directory, permissions and the config; exit 1 if anything fails (2: a bad config)") { json };
        cmd.SetAction(p =>
        {
            var checks = Run(ctx);
            if (p.GetValue(json)) Output.Json(checks, CliJson.Relaxed.ListDoctorCheck);
            else
                foreach (var c in checks)
                    Console.WriteLine($"{Label(c.Level)}  {Printable.Escape(c.Name, 40),-12} {Printable.Escape(c.Detail, 300)}".TrimEnd());
            return checks.Any(c => c is { Name: "config", Level: DoctorCheck.Fail }) ? 2 : checks.Any(c => c.Level == DoctorCheck.Fail) ? 1 : 0;
        });
        return cmd;
    }

    private static string Label(string level) => level switch { DoctorCheck.Fail => "FAIL", DoctorCheck.Warn => "warn", _ => "ok  " };

    private static List<DoctorCheck> Run(CliContext ctx)
    {
        var checks = new List<DoctorCheck>();
        var tmux = ctx.Tmux.Version();
        checks.Add(DoctorCheck.Of("tmux", tmux is not null, tmux is null ? "not installed (apt-get install tmux)" : $"{tmux}{(ctx.Tmux.Socket is { } s ? $", socket -L {s}" : "")}"));
        var env = TaskEnvironment.Current();
        var agents = new List<DoctorCheck>();
        foreach (var agent in AgentRegistry.Names)
        {
            var exe = AgentRegistry.FindExecutable(agent, env);
            if (exe is null)
            {
                var variable = AgentRegistry.BinaryVariable(agent);
                agents.Add(new(agent, false, DoctorCheck.Warn, env.TryGetValue(variable, out var bin) && bin.Length > 0
                    ? $"{variable}={bin} is not an executable file" : $"not installed (not on PATH, {variable} not set)"));
                continue;
            }
            var version = AgentVersion.Of(ctx.Commands, exe, TimeSpan.FromSeconds(15));
            agents.Add(DoctorCheck.Of(agent, version.Error is null, $"{exe} ({version.Version ?? version.Error}); resume: {ResumeNote(agent)}"));
        }
        agents.AddRange(CustomAgents(env));
        // One missing agent is normal (people use the ones they have); none at all means no task can start.
        if (agents.All(a => a.Level == DoctorCheck.Warn)) agents = agents.Select(a => a with { Level = DoctorCheck.Fail }).ToList();
        checks.AddRange(agents);
        try
        {
            _ = ctx.Store.ListTasks();
            var mode = File.GetUnixFileMode(ctx.Home.Root);
            checks.Add(DoctorCheck.Of("state dir", mode == ShepherdHome.PrivateDirMode, $"{ctx.Home.Root} ({Convert.ToString((int)mode, 8)})"));
            if (Volatile(ctx.Home.Root) is { } where)
                checks.Add(new("reboot", false, DoctorCheck.Warn, $"{ctx.Home.Root} is under {where}, which a reboot may empty: tasks could not be resumed after one (set SHEPHERD_HOME elsewhere)"));
            var dbMode = File.GetUnixFileMode(ctx.Home.Database);
            checks.Add(DoctorCheck.Of("database", dbMode == ShepherdHome.PrivateFileMode, $"{ctx.Home.Database} ({Convert.ToString((int)dbMode, 8)})"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationFailedException or UsageException)
        {
            checks.Add(DoctorCheck.Of("state dir", false, e.Message));
        }
        foreach (var task in SafeUnfinished(ctx))
        {
            var taskEnv = TaskEnvironment.LoadOr(ctx.Home.EnvFile(task.Name), env);
            ResumeReadiness.Verdict verdict;
            try { verdict = ResumeReadiness.Check(task, AgentRegistry.ForTask(ctx.Home, task), taskEnv); }
            catch (UsageException e) { verdict = new(false, e.Message); }
            checks.Add(DoctorCheck.Of($"task {task.Name}", verdict.Ok, $"{task.Agent}, {task.State.Text()}: {verdict.Detail}"));
        }
        checks.AddRange(Config(env));
        return checks;
    }

    /// <summary>The agents config.toml defines: found or not (a bad definition shows in the config check).</summary>
    private static IEnumerable<DoctorCheck> CustomAgents(IReadOnlyDictionary<string, string> env)
    {
        ShepherdConfig config;
        try { config = ShepherdConfig.Load(); }
        catch (UsageException) { yield break; }
        foreach (var (name, agent) in config.Agents)
        {
            var exe = AgentRegistry.FindExecutable(new CustomAdapter(agent), env);
            yield return exe is null
                ? new(name, false, DoctorCheck.Warn, $"custom agent: {Printable.Quote(agent.Command)} is not an executable file nor on PATH")
                : DoctorCheck.Of(name, true, $"custom agent: {exe}; session id {(agent.AssignsSessionId ? "chosen by Shepherd" : "from " + agent.SessionId)}, resumed by its template");
        }
    }

    /// <summary>The config file as start reads it: its errors, its unknown keys (warnings, with the closest known key), and
    /// each notifier it names checked as start checks it.</summary>
    private static IEnumerable<DoctorCheck> Config(IReadOnlyDictionary<string, string> env)
    {
        var path = ShepherdConfig.PathFromEnvironment();
        if (!File.Exists(path)) { yield return new("config", false, DoctorCheck.Warn, $"{path} does not exist: defaults in use"); yield break; }
        ShepherdConfig? config = null;
        string? error = null;
        try { config = ShepherdConfig.Load(path); }
        catch (UsageException e) { error = e.Message; }
        if (config is null) { yield return DoctorCheck.Of("config", false, error!); yield break; }
        yield return DoctorCheck.Of("config", true, $"{path} (notify: {(config.Notify.Count == 0 ? "none" : string.Join(", ", config.Notify.Select(NotifierSpec.Describe)))}" +
            (config.Agents.Count == 0 ? ")" : $"; agents: {string.Join(", ", config.Agents.Keys)})"));
        foreach (var warning in config.Warnings) yield return new("config key", false, DoctorCheck.Warn, warning);
        foreach (var n in config.Notify)
            yield return Notifiers.MissingProgram(n, env) is { } missing
                ? DoctorCheck.Of($"notify {NotifierSpec.Describe(n)}", false, $"cannot run: {missing} (start refuses it)")
                : DoctorCheck.Of($"notify {NotifierSpec.Describe(n)}", true, "can run");
    }

    /// <summary>A mount a reboot empties (a tmpfs, /tmp), or null.</summary>
    private static string? Volatile(string dir)
    {
        var full = Path.GetFullPath(dir) + "/";
        foreach (var root in new[] { "/tmp/", "/dev/shm/", "/run/" })
            if (full.StartsWith(root, StringComparison.Ordinal)) return root.TrimEnd('/');
        return null;
    }

    private static List<TaskRecord> SafeUnfinished(CliContext ctx)
    {
        try { return ctx.Store.ListUnfinished(); }
        catch (Exception e) when (e is OperationFailedException or UsageException) { return []; }
    }

    private static string ResumeNote(string agent) => agent switch
    {
        "claude" => "by session id, runs in the task's directory (required by Claude)",
        "opencode" => "by ses_ id with --dir <task directory>",
        "pi" => "by session file; re-runs the prompt if the first turn never saved it",
        "gemini" => "by session id, runs in the task's directory (Gemini keeps chats per directory)",
        "qwen" => "by session id, runs in the task's directory (where qwen keeps the chat)",
        "copilot" => "by the session id Shepherd chose (--session-id)",
        _ => "by thread id, from any directory",
    };
}
