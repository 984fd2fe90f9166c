using System.CommandLine;
using Shepherd.Agents;
using Shepherd.Notify;
using Shepherd.Runner;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary>The options that describe a task, shared by <c>start</c> and <c>run</c>, and what they say once validated.</summary>
internal sealed class TaskOptions
{
    public readonly Option<string?> Agent = new("--agent") { Description = $"{string.Join(", ", AgentRegistry.Names)}, or one defined under [agents.NAME] in config.toml" };
    public readonly Option<string?> Dir = new("--dir") { Description = "The project directory the agent works in" };
    public readonly Option<string?> Prompt = new("--prompt") { Description = "The prompt (or --prompt-file, or stdin)" };
    public readonly Option<string?> PromptFile = new("--prompt-file") { Description = "A file holding the prompt (- for stdin)" };
    public readonly Option<string[]> Notify = new("--notify") { Description = "cmd:<program>, openclaw, desktop, webhook:<url>, slack:<webhook url>, discord:<webhook url> or ntfy:<topic url> (repeatable)" };
    public readonly Option<string[]> NotifyOn = new("--notify-on") { Description = "Only these kinds: done, failed, stopped, stalled, needs-you (comma-separated; default all); NOTIFIER=KINDS for one kind of notifier (slack=needs-you)" };
    public readonly Option<long?> MaxTokens = new("--max-tokens") { Description = "Fail the task once its attempts reported this many tokens (input + output)" };
    public readonly Option<string?> MaxCost = new("--max-cost") { Description = "Fail the task once the cost its agent reported reaches this many US dollars, e.g. 2.50" };
    public readonly Option<string?> MaxRuntime = new("--max-runtime") { Description = "Give up after this long (default 5h)" };
    public readonly Option<string?> Backoff = new("--backoff") { Description = "First retry delay (default 2s), doubling" };
    public readonly Option<string?> BackoffMax = new("--backoff-max") { Description = "Longest retry delay (default 5m)" };
    public readonly Option<int?> MaxRestarts = new("--max-restarts") { Description = "Resumes allowed per window (default 10)" };
    public readonly Option<string?> Window = new("--restart-window") { Description = "The restart budget's window (default 60m)" };
    public readonly Option<string?> Healthy = new("--healthy-after") { Description = "A run this long forgives the budget (default 10m)" };
    public readonly Option<string?> Check = new("--check") { Description = "A command (sh -c, in the project directory) that must exit 0 for a run to count as a success, e.g. \"npm test\"" };
    public readonly Option<string?> CheckTimeout = new("--check-timeout") { Description = "How long the check may run (default 10m)" };
    public readonly Option<int?> MaxHandoffs = new("--max-handoffs") { Description = "Fresh conversations allowed when the agent's own cannot go on (default 2)" };
    public readonly Option<bool> Worktree = new("--worktree") { Description = "Run in a new git worktree on branch shepherd/<name>, made from the directory's HEAD" };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { Agent, Dir, Prompt, PromptFile, Notify, NotifyOn, MaxTokens, MaxCost, MaxRuntime, Backoff, BackoffMax, MaxRestarts, Window, Healthy, Check,
                     CheckTimeout, MaxHandoffs, Worktree })
            cmd.Options.Add(o);
    }

    /// <summary>A new task as the options describe it, validated; nothing is written yet.</summary>
    public sealed record Spec(string Name, IAgentAdapter Adapter, string ProjectDir, byte[] Prompt, List<string> Notifiers, string[] GivenNotifiers,
        RestartPolicy Policy, string? CheckCommand, TimeSpan CheckTimeout, int MaxHandoffs, bool Worktree, Dictionary<string, string> Env,
        long? MaxTokens, decimal? MaxCostUsd, IReadOnlyList<string> NotifyOn);

    public Spec Read(ParseResult p, string name, ShepherdConfig config, bool stdinWhenNone = true)
    {
        var agentName = p.GetValue(Agent) ?? throw new UsageException("--agent is required: the agent to run");
        var dir = p.GetValue(Dir) ?? throw new UsageException("--dir is required: the project directory the agent works in");
        var adapter = AgentRegistry.Resolve(agentName, config.Agents);
        var projectDir = ProjectDirectory(dir);
        var promptBytes = PromptInput.Read(p.GetValue(Prompt), p.GetValue(PromptFile), stdinWhenNone)!;
        var given = GivenNotifiers(p);
        var notifiers = given.Concat(config.Notify).Distinct().ToList();
        var checkCommand = CheckCommand(p);
        var handoffs = Handoffs(p) ?? 2;
        var kinds = p.GetValue(NotifyOn) is { Length: > 0 } on ? NotificationKinds.Parse(on, "--notify-on") : config.NotifyOn;
        var tokenBudget = p.GetValue(MaxTokens) ?? config.MaxTokens;
        if (tokenBudget is <= 0) throw new UsageException($"--max-tokens must be more than 0, not {tokenBudget}");
        var costBudget = p.GetValue(MaxCost) is { } usd ? Dollars(usd) : config.MaxCostUsd;
        var env = TaskEnvironment.Current();
        if (AgentRegistry.FindExecutable(adapter, env) is null) throw new UsageException(MissingAgent(adapter, env));
        foreach (var n in notifiers)
            if (Notifiers.MissingProgram(n, env) is { } missing)
                throw new UsageException($"notifier {Printable.Quote(n)}{(given.Contains(n) ? "" : $" (from {ShepherdConfig.PathFromEnvironment()})")} cannot run: {missing}");
        return new Spec(name, adapter, projectDir, promptBytes, notifiers, given, Policy(p), checkCommand, CheckLimit(p) ?? TaskRecord.DefaultCheckTimeout,
            handoffs, p.GetValue(Worktree), env, tokenBudget, costBudget, kinds);
    }

    /// <summary>What the given options say that the stored task does not (<c>run</c> of an existing task): each is a usage error.</summary>
    public List<string> Contradictions(ParseResult p, TaskRecord task, CliContext ctx, ShepherdConfig config)
    {
        var found = new List<string>();
        void Differs(string option, string given, string stored) => found.Add($"{option} {Printable.Quote(given)} but the task has {Printable.Quote(stored)}");
        if (p.GetValue(Agent) is { } agent && AgentRegistry.Resolve(agent, config.Agents).Name != task.Agent) Differs("--agent", agent, task.Agent);
        if (p.GetValue(Dir) is { } dir && task.Worktree is null && ProjectDirectory(dir) != task.ProjectDir) Differs("--dir", dir, task.ProjectDir);
        if (PromptInput.Read(p.GetValue(Prompt), p.GetValue(PromptFile), stdinWhenNone: false) is { } prompt
            && File.Exists(ctx.Home.PromptFile(task.Name)) && !prompt.AsSpan().SequenceEqual(File.ReadAllBytes(ctx.Home.PromptFile(task.Name))))
            found.Add("the prompt differs from the task's");
        if (CheckCommand(p) is { } check && check != task.CheckCommand) Differs("--check", check, task.CheckCommand ?? "(none)");
        if (CheckLimit(p) is { } limit && limit != task.CheckTimeout) Differs("--check-timeout", Duration.Format(limit), Duration.Format(task.CheckTimeout));
        if (Handoffs(p) is { } h && h != task.MaxHandoffs) Differs("--max-handoffs", h.ToString(), task.MaxHandoffs.ToString());
        if (GivenNotifiers(p).FirstOrDefault(n => !task.Notify.Contains(n)) is { } n) Differs("--notify", n, string.Join(", ", task.Notify));
        if (p.GetValue(Worktree) && task.Worktree is null) found.Add("--worktree but the task has no worktree");
        var policy = Policy(p);
        var d = RestartPolicy.Default;
        void Budget<T>(Option o, T given, T stored) where T : notnull
        {
            if (p.GetResult(o) is not null && !given.Equals(stored)) Differs(o.Name, given.ToString()!, stored.ToString()!);
        }
        Budget(MaxRuntime, policy.MaxRuntime, task.Policy.MaxRuntime);
        Budget(Backoff, policy.InitialBackoff, task.Policy.InitialBackoff);
        Budget(BackoffMax, policy.MaxBackoff, task.Policy.MaxBackoff);
        Budget(MaxRestarts, policy.MaxRestarts, task.Policy.MaxRestarts);
        Budget(Window, policy.Window, task.Policy.Window);
        Budget(Healthy, policy.HealthyAfter, task.Policy.HealthyAfter);
        return found;
    }

    private string[] GivenNotifiers(ParseResult p) =>
        // cmd:./notify.sh means the file here, not wherever the runner or the daemon happens to run it from.
        (p.GetValue(Notify) ?? []).Select(n => NotifierSpec.Absolute(n, Environment.CurrentDirectory, TaskEnvironment.Current())).ToArray();

    private string? CheckCommand(ParseResult p)
    {
        var checkCommand = p.GetValue(Check);
        if (checkCommand is not null && checkCommand.Trim().Length == 0) throw new UsageException("--check is empty: give the command that tells success, e.g. --check \"npm test\"");
        if (checkCommand is not null && checkCommand.Contains('\0')) throw new UsageException("--check cannot contain a NUL byte");
        return checkCommand;
    }

    private TimeSpan? CheckLimit(ParseResult p) =>
        p.GetValue(CheckTimeout) is { } ct ? Positive(Duration.Parse(ct, "--check-timeout"), "--check-timeout") : null;

    private int? Handoffs(ParseResult p)
    {
        var handoffs = p.GetValue(MaxHandoffs);
        if (handoffs is < 0 or > 100) throw new UsageException($"--max-handoffs must be 0 to 100, not {handoffs}");
        return handoffs;
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

    public static string ProjectDirectory(string dir)
    {
        var full = Path.GetFullPath(dir);
        if (File.Exists(full)) throw new UsageException($"--dir must be a directory; {Printable.Escape(full)} is a file");
        if (!Directory.Exists(full)) throw new UsageException($"project directory does not exist: {Printable.Escape(full)}");
        var target = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? full.TrimEnd('/') is { Length: > 0 } t ? t : "/" : target.FullName;
    }

    private RestartPolicy Policy(ParseResult p)
    {
        string? maxRuntime = p.GetValue(MaxRuntime), backoff = p.GetValue(Backoff), backoffMax = p.GetValue(BackoffMax), window = p.GetValue(Window),
            healthy = p.GetValue(Healthy);
        var maxRestarts = p.GetValue(MaxRestarts);
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

    private static decimal Dollars(string text) =>
        decimal.TryParse(text.TrimStart('$'), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var d) && d > 0 && d < 1_000_000_000
            ? d : throw new UsageException($"--max-cost must be an amount of US dollars above 0, e.g. 2.50, not {Printable.Quote(text)}");

    private static TimeSpan Positive(TimeSpan t, string what) => t > TimeSpan.Zero ? t : throw new UsageException($"{what} must be more than 0");
}
