namespace Shepherd.Tasks;

/// <summary>Where a <c>--worktree</c> task's worktree came from: the repository's top directory and the branch
/// (<c>shepherd/&lt;task&gt;</c>) the worktree has checked out.</summary>
public sealed record TaskWorktree(string Origin, string Branch);
