using Shepherd.Tasks;

namespace Shepherd.Store;

/// <summary>Tasks started with <c>--worktree</c>: their project directory is inside the worktree; these columns say
/// where the worktree came from, for status and for rm.</summary>
public sealed partial class TaskStore
{
    public void SetWorktree(long id, TaskWorktree worktree) =>
        _c.Execute("UPDATE tasks SET worktree_origin = $o, worktree_branch = $b WHERE id = $id",
            ("$o", worktree.Origin), ("$b", worktree.Branch), ("$id", id));

    /// <summary>The task's worktree origin and branch, or null for a task that runs in its own directory.</summary>
    public TaskWorktree? GetWorktree(long id) => GetTask(id)?.Worktree;
}
