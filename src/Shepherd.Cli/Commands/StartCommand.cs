using System.CommandLine;
using Shepherd.Agents;
using Shepherd.Cli.Worktrees;
using Shepherd.Notify;
using Shepherd.Runner;
using Shepherd.Store;
using Shepherd.Supervisor;
using Shepherd.Tasks;
using Shepherd.Tmux;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd start</c>: validates everything, then creates the task, its files and its tmux session.</summary>
internal static class StartCommand
{
    public static Command Create(CliContext ctx, string[] extraArgs)
    {
        var name = CommonOptions.TaskName();
        var agent = new Option<string>("--agent") { Description = $"{string.Join(", ", AgentRegistry.Names)}, or one defined under [agents.NAME] in config.toml", Required = true };
        var dir = new Option<string>("--dir") { Description = "The project directory the agent works in", Required = true };
        var prompt = new Option<string?>("--prompt") { Description = "The prompt (or --prompt-file, or stdin)" };
        var promptFile = new Option<string?>("--prompt-file") { Description = "A file holding the prompt (- for stdin)" };
        var notify = new Option<string[]>("--notify") { Description = "cmd:<program>, openclaw, desktop or webhook:<url> (repeatable)" };
        var maxRuntime = new Option<string?>("--max-runtime") { Description = "Give up after this long (default 5h)" };
        var backoff = new Option<string?>("--backoff") { Description = "First retry delay (default 2s), doubling" };
        var backoffMax = new Option<string?>("--backoff-max") { Description = "Longest retry delay (default 5m)" };
        var maxRestarts = new Option<int?>("--max-restarts") { Description = "Resumes allowed per window (default 10)" };
        var window = new Option<string?>("--restart-window") { Description = "The restart budget's window (default 60m)" };
        var healthy = new Option<string?>("--healthy-after") { Description = "A run this long forgives the budget (default 10m)" };
        var check = new Option<string?>("--check") { Description = "A command (sh -c, in the project directory) that must exit 0 for a run to count as a success, e.g. \"npm test\"" };
        var checkTimeout = new Option<string?>("--check-timeout") { Description = "How long the check may run (default 10m)" };
        var maxHandoffs = new Option<int?>("--max-handoffs") { Description = "Fresh conversations allowed when the agent's own cannot go on (default 2)" };
        var worktree = new Option<bool>("--worktree") { Description = "Run in a new git worktree on branch shepherd/<name>, made from the directory's HEAD" };
        var json = CommonOptions.Json();
        var cmd = new Command("start", "Start a task: an agent, a project directory and a prompt. Arguments after -- go to the agent on every attempt")
        {
            name, agent, dir, prompt, promptFile, notify, maxRuntime, backoff, backoffMax, maxRestarts, window, healthy, check, checkTimeout, maxHandoffs,
            worktree, json,
        };
        cmd.SetAction(p =>
        {
            var taskName = TaskName.Validate(p.GetValue(name));
            var config = ShepherdConfig.Load();
            var adapter = AgentRegistry.Resolve(p.GetValue(agent)!, config.Agents);
            var projectDir = ProjectDirectory(p.GetValue(dir)!);
            var promptBytes = PromptInput.Read(p.GetValue(prompt), p.GetValue(promptFile), stdinWhenNone: true)!;
            // cmd:./notify.sh means the file here, not wherever the runner or the daemon happens to run it from.
            var given = (p.GetValue(notify) ?? []).Select(n => NotifierSpec.Absolute(n, Environment.CurrentDirectory, TaskEnvironment.Current())).ToArray();
            var fromConfig = config.Notify;
            var notifiers = given.Concat(fromConfig).Distinct().ToList();
            var policy = Policy(p.GetValue(maxRuntime), p.GetValue(backoff), p.GetValue(backoffMax), p.GetValue(maxRestarts),
                p.GetValue(window), p.GetValue(healthy));
            var checkCommand = p.GetValue(check);
            if (checkCommand is not null && checkCommand.Trim().Length == 0) throw new UsageException("--check is empty: give the command that tells success, e.g. --check \"npm test\"");
            if (checkCommand is not null && checkCommand.Contains('\0')) throw new UsageException("--check cannot contain a NUL byte");
            var checkLimit = p.GetValue(checkTimeout) is { } ct ? Positive(Duration.Parse(ct, "--check-timeout"), "--check-timeout") : TaskRecord.DefaultCheckTimeout;
            var handoffs = p.GetValue(maxHandoffs) ?? 2;
            if (handoffs is < 0 or > 100) throw new UsageException($"--max-handoffs must be 0 to 100, not {handoffs}");
            var env = TaskEnvironment.Current();
            if (AgentRegistry.FindExecutable(adapter, env) is null) throw new UsageException(MissingAgent(adapter, env));
            foreach (var n in notifiers)
                if (Notifiers.MissingProgram(n, env) is { } missing)
                    throw new UsageException($"notifier {Printable.Quote(n)}{(given.Contains(n) ? "" : $" (from {ShepherdConfig.PathFromEnvironment()})")} cannot run: {missing}");
            if (!ctx.Tmux.IsInstalled()) throw new UsageException("tmux is not installed (apt-get install tmux)");
            // Opens the store first: a state directory we cannot use (or another user's) is refused before anything is written.
            if (ctx.Store.FindTask(taskName) is not null) throw new UsageException($"a task named '{taskName}' already exists");
            var startCommit = StartCommit(ctx, projectDir); // a worktree is made from this HEAD too
            var plan = p.GetValue(worktree) ? ctx.Worktrees.Prepare(ctx.Home, projectDir, taskName) : null;
            if (plan is not null) projectDir = plan.ProjectDir; // every attempt and every resume runs in the worktree

            // The task's files are written before its row exists, under a hidden name: a full disk fails the start here,
            // before anything is stored (a row inserted first could not even be deleted on a full disk).
            var staged = StagedTaskFiles.Write(ctx.Home, taskName, promptBytes, env, (adapter as CustomAdapter)?.Definition.ToJson());
            TaskRecord task;
            try
            {
                task = ctx.Store.InsertTask(new TaskRecord
                {
                    Name = taskName, Agent = adapter.Name, ProjectDir = projectDir, TmuxSession = $"{adapter.Name}-{taskName}",
                    ExtraArgs = extraArgs, Notify = notifiers, Policy = policy, CheckCommand = checkCommand, CheckTimeout = checkLimit,
                    MaxHandoffs = handoffs, StartCommit = startCommit,
                });
            }
            catch (Exception)
            {
                StagedTaskFiles.Discard(staged);
                throw;
            }
            var worktreeMade = false;
            try
            {
                if (plan is not null)
                {
                    ctx.Worktrees.Create(ctx.Home, plan);
                    worktreeMade = true;
                    ctx.Store.SetWorktree(task.Id, new TaskWorktree(plan.Origin, plan.Branch));
                }
                var taskDir = ctx.Home.TaskDir(taskName);
                if (Directory.Exists(taskDir)) Directory.Delete(taskDir, recursive: true); // left by a crashed rm: no row owns it
                RemovedTaskFiles.Clear(ctx.Home, ctx.Store, taskName); // what an rm killed mid-delete left of the name
                Directory.Move(staged, taskDir);
                // A server that dies under the call (killed, or exiting as its last session closes) is not the start's
                // failure: it is tried again, as a resume does (LaunchGuard); a session made meanwhile is used as it is.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        if (attempt == 1) ctx.Tmux.NewSession(task.TmuxSession, projectDir, ctx.Launcher.RunnerCommand(task));
                        else ctx.Launcher.EnsureRunner(task);
                        break;
                    }
                    catch (TmuxException) when (attempt < 3) { Thread.Sleep(200 * attempt); }
                }
            }
            catch (Exception)
            {
                if (worktreeMade) ctx.Worktrees.Remove(plan!.Path, new TaskWorktree(plan.Origin, plan.Branch), deleteBranch: true);
                StagedTaskFiles.Discard(staged);
                ctx.Store.DeleteTask(task.Id);
                try { Directory.Delete(ctx.Home.TaskDir(taskName), recursive: true); } catch (IOException) { }
                throw;
            }
            var daemonNote = DaemonNote(ctx, config);
            if (p.GetValue(json))
                Output.Json(TaskView.From(ctx.Store.GetTask(task.Id)!, []) with { Worktree = WorktreeView.Of(ctx, task) }, CliJson.Relaxed.TaskView);
            else
            {
                Console.WriteLine($"started {taskName}: {adapter.Name} in tmux session {task.TmuxSession} (shepherd attach {taskName})");
                if (plan is not null) Console.WriteLine($"worktree {Printable.Escape(plan.Path)} on branch {plan.Branch}");
            }
            if (daemonNote is not null) Console.Error.WriteLine(daemonNote);
            return 0;
        });
        return cmd;
    }

    /// <summary>Makes sure a daemon watches the tasks (unless turned off), and says once that reboots need the systemd unit.</summary>
    private static string? DaemonNote(CliContext ctx, ShepherdConfig config)
    {
        if (DaemonStarter.Disabled(config.AutoDaemon))
            return Platform.FileLock.IsHeld(ctx.Home.DaemonLock) ? null
                : "note: no shepherd daemon is running (auto_daemon is off); crashes are resumed, but a lost tmux server or a reboot needs `shepherd recover` (or `shepherd daemon --install`)";
        try
        {
            var pid = DaemonStarter.EnsureRunning(ctx.Home);
            var hint = ctx.Home.HintFile("daemon-unit");
            if (File.Exists(DaemonStarter.UnitPath()) || File.Exists(hint))
                return pid is null ? null : $"note: started a shepherd daemon (pid {pid}) to watch the tasks; it exits once none is left for 10 minutes";
            ShepherdHome.WritePrivateFile(hint, []);
            return $"note: {(pid is null ? "a shepherd daemon watches the tasks" : $"started a shepherd daemon (pid {pid}) to watch the tasks")}; " +
                   "after a reboot nothing runs until `shepherd recover` — `shepherd daemon --install` sets up a systemd unit that does it (this note shows once)";
        }
        catch (IOException e)
        {
            return $"note: could not start a shepherd daemon ({e.Message}); a lost tmux server needs `shepherd recover`";
        }
    }

    private static string MissingAgent(IAgentAdapter agent, IReadOnlyDictionary<string, string> env)
    {
        var variable = AgentRegistry.BinaryVariable(agent.Name);
        if (env.TryGetValue(variable, out var bin) && bin.Length > 0)
            return $"agent binary missing: {variable}={Printable.Escape(bin)} is not an executable file";
        return agent is CustomAdapter c
            ? $"agent binary missing: {Printable.Quote(c.Definition.Command)} ([agents.{agent.Name}] command in {ShepherdConfig.PathFromEnvironment()}) is not an executable file nor on PATH"
            : $"agent binary missing: '{agent.Name}' is not on PATH (or set {variable} to its path)";
    }

    /// <summary>The commit HEAD is at in a git project (a handoff prompt says what changed since); null otherwise.</summary>
    private static string? StartCommit(CliContext ctx, string projectDir)
    {
        var env = TaskEnvironment.Current();
        env["GIT_TERMINAL_PROMPT"] = "0";
        var r = ctx.Commands.Run(new Platform.CommandSpec(["git", "-C", projectDir, "rev-parse", "--verify", "--quiet", "HEAD^{commit}"],
            TimeSpan.FromSeconds(10)) { Environment = env });
        return r.Ok && r.Stdout.Trim() is { Length: 40 } sha ? sha : null;
    }

    private static string ProjectDirectory(string dir)
    {
        var full = Path.GetFullPath(dir);
        if (File.Exists(full)) throw new UsageException($"--dir must be a directory; {Printable.Escape(full)} is a file");
        if (!Directory.Exists(full)) throw new UsageException($"project directory does not exist: {Printable.Escape(full)}");
        var target = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? full.TrimEnd('/') is { Length: > 0 } t ? t : "/" : target.FullName;
    }

    private static RestartPolicy Policy(string? maxRuntime, string? backoff, string? backoffMax, int? maxRestarts, string? window, string? healthy)
    {
        var d = RestartPolicy.Default;
        if (maxRestarts is < 0) throw new UsageException("--max-restarts must be 0 or more");
        var policy = new RestartPolicy
        {
            MaxRuntime = maxRuntime is null ? d.MaxRuntime : Positive(Duration.Parse(maxRuntime, "--max-runtime"), "--max-runtime"),
            InitialBackoff = backoff is null ? d.InitialBackoff : Duration.Parse(backoff, "--backoff"),
            MaxBackoff = backoffMax is null ? d.MaxBackoff : Duration.Parse(backoffMax, "--backoff-max"),
            MaxRestarts = maxRestarts ?? d.MaxRestarts,
            Window = window is null ? d.Window : Positive(Duration.Parse(window, "--restart-window"), "--restart-window"),
            HealthyAfter = healthy is null ? d.HealthyAfter : Duration.Parse(healthy, "--healthy-after"),
        };
        if (policy.InitialBackoff > policy.MaxBackoff)
            throw new UsageException($"--backoff {Duration.Format(policy.InitialBackoff)} is longer than --backoff-max " +
                                     $"{Duration.Format(policy.MaxBackoff)}{(backoffMax is null ? " (the default)" : "")}");
        return policy;
    }

    private static TimeSpan Positive(TimeSpan t, string what) => t > TimeSpan.Zero ? t : throw new UsageException($"{what} must be more than 0");
}
