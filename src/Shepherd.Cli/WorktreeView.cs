using Shepherd.Tasks;

namespace Shepherd.Cli;

/// <summary>A <c>--worktree</c> task's worktree as status and list show it.</summary>
public sealed record WorktreeView(string Path, string Branch, string Origin)
{
    public static WorktreeView? Of(CliContext ctx, TaskRecord task) =>
        task.Worktree is { } w ? new(Worktrees.TaskWorktrees.PathFor(ctx.Home, task.Name), w.Branch, w.Origin) : null;
}
