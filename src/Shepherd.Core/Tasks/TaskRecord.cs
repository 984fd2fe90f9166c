namespace Shepherd.Tasks;

/// <summary>A task as stored.</summary>
public sealed record TaskRecord
{
    public static readonly TimeSpan DefaultCheckTimeout = TimeSpan.FromMinutes(10);

    public long Id { get; init; }
    public required string Name { get; init; }
    public required string Agent { get; init; }
    public required string ProjectDir { get; init; }
    public required string TmuxSession { get; init; }
    public TaskState State { get; init; } = TaskState.Starting;
    public string? Reason { get; init; }
    public string? AgentSessionId { get; init; }
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];
    public IReadOnlyList<string> Notify { get; init; } = [];
    public RestartPolicy Policy { get; init; } = RestartPolicy.Default;
    /// <summary>The user's success gate: a command that must exit 0 after the agent reports success.</summary>
    public string? CheckCommand { get; init; }
    public TimeSpan CheckTimeout { get; init; } = DefaultCheckTimeout;
    public StopRequest StopRequest { get; init; }
    /// <summary>The prompt of the next attempt (a follow-up, or a continue prompt carrying a failed check's output).</summary>
    public string? ResumePrompt { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    /// <summary>The first attempt that counts against the runtime and restart budgets: the last explicit start or resume.</summary>
    public int BudgetFrom { get; init; } = 1;
    public int? RunnerPid { get; init; }
    public long? RunnerStartTicks { get; init; }
    public string? RunnerBootId { get; init; }
    /// <summary>The tmux pane the runner runs in (its TMUX_PANE), so recovery respawns that pane and no other.</summary>
    public string? RunnerPane { get; init; }
    /// <summary>When recover last launched a runner for this task.</summary>
    public DateTimeOffset? RunnerLaunchedAt { get; init; }
    /// <summary>When the current (or last) runner took the lock and stored its pid.</summary>
    public DateTimeOffset? RunnerRegisteredAt { get; init; }
    public DateTimeOffset? LastOutputAt { get; init; }
    public DateTimeOffset? StalledSince { get; init; }
    /// <summary>Why the agent's output is not (all) in the log: a write that failed (disk full).</summary>
    public string? OutputError { get; init; }
    /// <summary>How many times the task may go on in a fresh conversation when its own cannot (default 2).</summary>
    public int MaxHandoffs { get; init; } = 2;
    /// <summary>Why the next attempt must be a fresh conversation with a handoff prompt; null when none is pending.</summary>
    public string? HandoffReason { get; init; }
    /// <summary>The commit HEAD was at when the task started, in a git project.</summary>
    public string? StartCommit { get; init; }
    /// <summary>For a task started with <c>--worktree</c>: the repository and branch its worktree came from.</summary>
    public TaskWorktree? Worktree { get; init; }
    /// <summary>The task fails once its attempts since <see cref="BudgetFrom"/> reported this many tokens (null: no limit).</summary>
    public long? MaxTokens { get; init; }
    /// <summary>The same for the cost the agent reported, in US dollars.</summary>
    public decimal? MaxCostUsd { get; init; }
    /// <summary>The notification kinds the task's notifiers get (empty: all of them): see <see cref="Notify.NotificationKinds"/>.</summary>
    public IReadOnlyList<string> NotifyOn { get; init; } = [];
    /// <summary>What runs the task's runner: <c>tmux</c> (a pane), <c>run</c> (<c>shepherd run</c> in the foreground, under
    /// an engine of the user's), <c>slurm</c> (a batch job whose payload is <c>shepherd run</c>).</summary>
    public string Engine { get; init; } = Engines.Tmux;
    /// <summary>The engine's settings as given at start (JSON; Slurm: partition and sbatch arguments).</summary>
    public string? EngineSettings { get; init; }
    /// <summary>The engine's job (a Slurm job id) and the node the last run ran on.</summary>
    public string? EngineJob { get; init; }
    public string? EngineNode { get; init; }
    /// <summary>The run that owns the task across machines and until when (see <see cref="RunLease"/>).</summary>
    public string? LeaseHolder { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public bool IsFinal => State.IsFinal();
    public bool StopRequested => StopRequest != StopRequest.None;
}
